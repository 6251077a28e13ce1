using Microsoft.Extensions.Configuration;

namespace Orleans.Dataflow.Silo.Configuration;

/// <summary>Reads the layers below the command line: appsettings.json files and <c>DATAFLOW_*</c> environment variables.</summary>
internal static class SiloConfigurationSources
{
    /// <summary>The name of the settings file looked for next to the binary and in the current directory.</summary>
    public const string FileName = "appsettings.json";

    /// <summary>The directories searched for <see cref="FileName"/>, lowest precedence first: the binary's, then the current one.</summary>
    public static IReadOnlyList<string> DefaultDirectories() => [AppContext.BaseDirectory, Directory.GetCurrentDirectory()];

    /// <summary>Loads <see cref="FileName"/> from each directory that has one; a later directory overrides an earlier one.</summary>
    /// <exception cref="SettingsException">A file exists but is not valid JSON.</exception>
    public static IConfiguration LoadFiles(IEnumerable<string> directories)
    {
        var builder = new ConfigurationBuilder();
        foreach (var directory in directories.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            builder.AddJsonFile(Path.Combine(directory, FileName), optional: true, reloadOnChange: false);
        }

        try
        {
            return builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            throw new SettingsException($"cannot read {FileName}: {e.Message}{(e.InnerException is { } inner ? $" ({inner.Message})" : string.Empty)}");
        }
    }

    /// <summary>The <c>DATAFLOW_*</c> variables, keyed without the prefix; <paramref name="variables"/> replaces the process environment (tests).</summary>
    public static IConfiguration LoadEnvironment(IReadOnlyDictionary<string, string?>? variables = null)
    {
        var builder = new ConfigurationBuilder();
        if (variables is null)
        {
            builder.AddEnvironmentVariables(SiloSetting.EnvironmentPrefix);
        }
        else
        {
            builder.AddInMemoryCollection(variables
                .Where(v => v.Key.StartsWith(SiloSetting.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
                .Select(v => KeyValuePair.Create(v.Key[SiloSetting.EnvironmentPrefix.Length..], v.Value)));
        }

        return builder.Build();
    }
}

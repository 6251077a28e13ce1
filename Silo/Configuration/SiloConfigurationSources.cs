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

    /// <summary>One warning per key of the <c>Silo</c> section of <paramref name="files"/> that no setting reads, naming it and the nearest known key: a mistyped key would otherwise be ignored without a word.</summary>
    public static IReadOnlyList<string> UnknownKeyWarnings(IConfiguration files)
    {
        var known = SiloSetting.All.Select(s => s.ConfigurationPath).OfType<string>().ToList();
        var warnings = new List<string>();
        foreach (var path in Leaves(files.GetSection(SiloSettings.SectionName)))
        {
            if (!known.Contains(path, StringComparer.OrdinalIgnoreCase))
            {
                var meant = Nearest.Of(path, known) is { } nearest ? $"; did you mean {nearest}?" : $"; the known keys are {string.Join(", ", known)}";
                warnings.Add($"warning: {FileName} has an unknown key {path}, which is ignored{meant}");
            }
        }

        return warnings;
    }

    private static IEnumerable<string> Leaves(IConfigurationSection section)
    {
        foreach (var child in section.GetChildren())
        {
            var grandchildren = Leaves(child).ToList();
            if (grandchildren.Count == 0)
            {
                yield return child.Path;
            }

            foreach (var leaf in grandchildren)
            {
                yield return leaf;
            }
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

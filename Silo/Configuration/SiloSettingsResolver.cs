using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Orleans.Dataflow.Silo.Configuration;

/// <summary>Combines flags, environment variables and appsettings.json into validated <see cref="SiloSettings"/>.</summary>
/// <remarks>
/// For each setting the first layer that gives a non-empty value wins: flag, then environment variable, then
/// the files (already merged, current directory over binary directory), then the default of <see cref="SiloSettings"/>.
/// A bad value is an error naming the layer it came from (<c>--workers</c>, <c>DATAFLOW_WORKERS</c>,
/// <c>Silo:Workers in appsettings.json</c>), not a silent fallback to a lower layer.
/// </remarks>
internal sealed class SiloSettingsResolver(IConfiguration files, IConfiguration environment)
{
    /// <summary>Resolves every setting; <paramref name="flags"/> maps a setting's long flag (<c>--workers</c>) to its raw value.</summary>
    /// <exception cref="SettingsException">A value is malformed or out of range.</exception>
    public SiloSettings Resolve(IReadOnlyDictionary<string, string?> flags)
    {
        var defaults = new SiloSettings();
        var settings = new SiloSettings
        {
            Workers = Resolve(flags, SiloSetting.Workers, defaults.Workers, ParseWorkers),
            SnapshotInterval = Resolve(flags, SiloSetting.SnapshotInterval, defaults.SnapshotInterval, ParseSeconds),
            RecoveryDirectory = Resolve(flags, SiloSetting.RecoveryDirectory, defaults.RecoveryDirectory, ParseRecoveryDirectory),
            BackupInterval = Resolve(flags, SiloSetting.BackupInterval, defaults.BackupInterval, ParseSeconds),
            HttpPort = Resolve(flags, SiloSetting.HttpPort, defaults.HttpPort, ParsePort),
            ClusterPort = Resolve(flags, SiloSetting.ClusterPort, defaults.ClusterPort, ParsePort),
            FlowName = Resolve<string?>(flags, SiloSetting.Flow, defaults.FlowName, (value, _) => value),
            Verbose = Resolve(flags, SiloSetting.Verbose, defaults.Verbose, ParseBool),
        };
        return settings;
    }

    private T Resolve<T>(IReadOnlyDictionary<string, string?> flags, SiloSetting setting, T fallback, Func<string, string, T> parse)
    {
        if (setting.Flag is { } flag && flags.TryGetValue(flag, out var fromFlag) && fromFlag is not null)
        {
            return parse(fromFlag.Trim(), flag);
        }

        if (environment[setting.EnvironmentKey] is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return parse(fromEnvironment.Trim(), setting.EnvironmentVariable);
        }

        if (setting.ConfigurationPath is { } path && files[path] is { } fromFile && !string.IsNullOrWhiteSpace(fromFile))
        {
            return parse(fromFile.Trim(), $"{path} in {SiloConfigurationSources.FileName}");
        }

        return fallback;
    }

    private static int ParseWorkers(string value, string source)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var workers) && workers >= 1
            ? workers
            : throw new SettingsException($"{source} must be a whole number of workers, 1 or more; got '{value}'");

    private static TimeSpan ParseSeconds(string value, string source)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds) && seconds >= 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        throw new SettingsException($"{source} must be a number of seconds, 0 or more (fractions like 0.5 are fine); got '{value}'");
    }

    private static int ParsePort(string value, string source)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new SettingsException($"{source} must be a TCP port from 1 to 65535; got '{value}'");

    private static bool ParseBool(string value, string source) => value.ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw new SettingsException($"{source} must be true or false; got '{value}'"),
    };

    private static string ParseRecoveryDirectory(string value, string source)
        => string.IsNullOrWhiteSpace(value) ? throw new SettingsException($"{source} must name a directory or a postgres:// URL; got an empty value") : value;
}

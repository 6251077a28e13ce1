namespace Orleans.Dataflow.Silo.Configuration;

/// <summary>One silo setting and the three places it can be given: a flag, an environment variable, an appsettings.json key.</summary>
/// <param name="Key">The key under the <c>Silo</c> section of appsettings.json (<c>Ports:Http</c> for nested ones), or null when the file cannot set it.</param>
/// <param name="Flag">The long command-line flag, or null when there is none.</param>
/// <param name="EnvironmentVariable">The environment variable, always <c>DATAFLOW_</c> followed by an upper-case name.</param>
internal sealed record SiloSetting(string? Key, string? Flag, string EnvironmentVariable)
{
    /// <summary>The prefix of every silo environment variable (Bytewax uses <c>BYTEWAX_</c>).</summary>
    public const string EnvironmentPrefix = "DATAFLOW_";

    /// <summary>Worker threads in this process.</summary>
    public static readonly SiloSetting Workers = new("Workers", "--workers", "DATAFLOW_WORKERS");

    /// <summary>Seconds between epoch closes.</summary>
    public static readonly SiloSetting SnapshotInterval = new("SnapshotIntervalSeconds", "--snapshot-interval", "DATAFLOW_SNAPSHOT_INTERVAL");

    /// <summary>The recovery store's directory.</summary>
    public static readonly SiloSetting RecoveryDirectory = new("RecoveryDirectory", "--recovery-directory", "DATAFLOW_RECOVERY_DIRECTORY");

    /// <summary>Seconds the recovery store keeps superseded snapshots.</summary>
    public static readonly SiloSetting BackupInterval = new("BackupIntervalSeconds", "--backup-interval", "DATAFLOW_BACKUP_INTERVAL");

    /// <summary>Which flow of an assembly to run (no appsettings.json key).</summary>
    public static readonly SiloSetting Flow = new(null, "--flow", "DATAFLOW_FLOW");

    /// <summary>Stack traces and a run summary on stderr (no appsettings.json key).</summary>
    public static readonly SiloSetting Verbose = new(null, "--verbose", "DATAFLOW_VERBOSE");

    /// <summary>The HTTP API port (no flag).</summary>
    public static readonly SiloSetting HttpPort = new("Ports:Http", null, "DATAFLOW_HTTP_PORT");

    /// <summary>The cluster transport port (no flag).</summary>
    public static readonly SiloSetting ClusterPort = new("Ports:Cluster", null, "DATAFLOW_CLUSTER_PORT");

    /// <summary>The appsettings.json path of the key, e.g. <c>Silo:Workers</c>.</summary>
    public string? ConfigurationPath => Key is null ? null : $"{SiloSettings.SectionName}:{Key}";

    /// <summary>The environment variable without <see cref="EnvironmentPrefix"/>, as the prefixed configuration provider names it.</summary>
    public string EnvironmentKey => EnvironmentVariable[EnvironmentPrefix.Length..];
}

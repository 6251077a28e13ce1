using Orleans.Dataflow.Silo.Hosting;

namespace Orleans.Dataflow.Silo.Configuration;

/// <summary>The silo's settings after the command line, the environment and appsettings.json have been combined.</summary>
/// <remarks>
/// Built once, by the CLI's composition root, from (highest first) command-line flags, <c>DATAFLOW_*</c>
/// environment variables, appsettings.json in the current directory, appsettings.json next to the silo binary,
/// and the defaults given here. Every value has been validated. Immutable.
/// </remarks>
public sealed record SiloSettings
{
    /// <summary>The appsettings.json section that holds the silo's settings.</summary>
    public const string SectionName = "Silo";

    /// <summary>Worker threads that run the flow in this process (Bytewax's workers per process). Default 1; at least 1.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Time between epoch closes, i.e. between state snapshots (Bytewax's snapshot interval). Default 10 s; zero or more.</summary>
    public TimeSpan SnapshotInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The recovery store's directory or <c>postgres://</c> URL, or null (the default) to run without recovery.</summary>
    public string? RecoveryDirectory { get; init; }

    /// <summary>How long a recovery store keeps superseded snapshots (Bytewax's backup interval). Default zero.</summary>
    public TimeSpan BackupInterval { get; init; } = TimeSpan.Zero;

    /// <summary>The silo's HTTP API port; reserved, <c>run</c> opens no port yet. Default 7300.</summary>
    public int HttpPort { get; init; } = 7300;

    /// <summary>The port workers of other silos connect to; reserved, <c>run</c> opens no port yet. Default 7301.</summary>
    public int ClusterPort { get; init; } = 7301;

    /// <summary>The flow to run when an assembly exposes several (or the id a script's flow must have); null picks the only one.</summary>
    public string? FlowName { get; init; }

    /// <summary>Whether errors carry stack traces and a finished run prints a summary on standard error. Default false.</summary>
    public bool Verbose { get; init; }

    /// <summary>The options <see cref="DataflowRunner.RunMain"/> takes for these settings.</summary>
    public RunOptions ToRunOptions() => new()
    {
        WorkerCount = Workers,
        SnapshotInterval = SnapshotInterval,
        RecoveryDirectory = RecoveryDirectory,
        BackupInterval = BackupInterval,
    };
}

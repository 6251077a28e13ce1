using System.Net;
using System.Security.Cryptography.X509Certificates;
using Orleans.Dataflow.Silo.Hosting;

namespace Orleans.Dataflow.Silo.Configuration;

/// <summary>The silo's settings after the command line, the environment and appsettings.json have been combined.</summary>
/// <remarks>
/// Built once, by the CLI's composition root, from (highest first) command-line flags, <c>DATAFLOW_*</c>
/// environment variables, appsettings.json in the current directory, appsettings.json next to the silo binary,
/// and the defaults given here. Every value has been validated. Immutable. Two settings with equal but distinct
/// <see cref="Addresses"/> lists are not equal as records (lists compare by reference).
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

    /// <summary>The port of a cluster address given without one (<c>host</c> for <c>host:7301</c>). Default 7301.</summary>
    /// <remarks>Already applied to <see cref="Addresses"/>; a process listens on the port of its own address.</remarks>
    public int ClusterPort { get; init; } = 7301;

    /// <summary>This process's index in <see cref="Addresses"/> (Bytewax's <c>-i</c>). Default 0; less than the number of addresses when any are given.</summary>
    /// <remarks>
    /// Given by <c>--process-id</c> or <c>DATAFLOW_PROCESS_ID</c>; otherwise the ordinal of a Kubernetes
    /// StatefulSet's pod, taken from <c>DATAFLOW_POD_NAME</c> (<c>&lt;statefulset&gt;-&lt;ordinal&gt;</c>) and
    /// <c>DATAFLOW_STATEFULSET_NAME</c>.
    /// </remarks>
    public int ProcessId { get; init; }

    /// <summary>The address of every process of the cluster, in process-id order (Bytewax's <c>-a</c>); empty (the default) or one entry runs a single process.</summary>
    /// <remarks>
    /// Each has a port (<see cref="ClusterPort"/> filled in where none was given) and no two are equal. An IPv6
    /// literal (<c>[::1]:7301</c> on the command line) is held without its brackets, as <see cref="System.Net.IPAddress.TryParse(string, out System.Net.IPAddress)"/> reads it.
    /// </remarks>
    public IReadOnlyList<DnsEndPoint> Addresses { get; init; } = [];

    /// <summary>How long a process waits for all the others to join before it stops with an error naming who is missing. Default 60 s; more than zero.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a peer may stay silent before it counts as lost and the run stops. Default 5 s; more than zero.</summary>
    public TimeSpan FailureTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A <c>postgres://</c> URL of the database that holds the cluster's membership (Orleans' ADO.NET clustering); null (the default): process 0 holds it.</summary>
    public string? Clustering { get; init; }

    /// <summary>Whether the processes of the cluster run in Kubernetes pods and use Orleans' Kubernetes hosting (a deleted pod's silo is declared dead at once). Default false.</summary>
    public bool Kubernetes { get; init; }

    /// <summary>The certificate every process of the cluster holds, with its private key; null (the default) for plain TCP.</summary>
    /// <remarks>With it, processes talk over TLS 1.2/1.3, each presenting it, and accept only a peer that presents this very certificate.</remarks>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>The number of processes of the run: the number of addresses, or 1 without any.</summary>
    public int ProcessCount => Math.Max(1, Addresses.Count);

    /// <summary>The flow to run when an assembly exposes several (or the id a script's flow must have); null picks the only one.</summary>
    public string? FlowName { get; init; }

    /// <summary>Whether errors carry stack traces and a cluster's processes print the runtime's events on standard error. Default false.</summary>
    public bool Verbose { get; init; }

    /// <summary>Whether <c>run</c> keeps its progress lines (compiling, running, resumed, waiting for silos, the closing summary) off standard error; errors are printed all the same. Default false.</summary>
    public bool Quiet { get; init; }

    /// <summary>The options <see cref="DataflowRunner.RunMain"/> takes for these settings.</summary>
    public RunOptions ToRunOptions() => new()
    {
        WorkerCount = Workers,
        SnapshotInterval = SnapshotInterval,
        RecoveryDirectory = RecoveryDirectory,
        BackupInterval = BackupInterval,
        ProcessId = ProcessId,
        Addresses = Addresses,
        StartupTimeout = StartupTimeout,
        FailureTimeout = FailureTimeout,
        TlsCertificate = TlsCertificate,
        Clustering = Clustering,
        Kubernetes = Kubernetes,
    };
}

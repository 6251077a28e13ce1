using System.Security.Cryptography.X509Certificates;
using System.Net;

namespace Orleans.Dataflow.Silo.Hosting;

/// <summary>How <see cref="DataflowRunner.RunMain"/> runs a flow in this process: workers, snapshot interval, recovery.</summary>
/// <remarks>The defaults are those of a silo without appsettings.json: one worker, 10 s epochs, no recovery.</remarks>
public sealed record RunOptions
{
    /// <summary>Worker threads that run the flow (Bytewax's workers per process). Default 1; at least 1 and at most <see cref="MaxWorkerCount"/>.</summary>
    public int WorkerCount { get; init; } = 1;

    /// <summary>Workers one process may run per processor: each is a thread running a CPU-bound loop, and far more than the processors can schedule only slow each other down.</summary>
    public const int MaxWorkersPerProcessor = 128;

    /// <summary>The most workers this process runs: <see cref="MaxWorkersPerProcessor"/> per processor. Beyond it their partitions cannot all start within the start timeout (500 on 2 processors did not).</summary>
    public static int MaxWorkerCount => MaxWorkersPerProcessor * Environment.ProcessorCount;

    /// <summary>Why <paramref name="workers"/> workers are refused in this process, or null when it can run them.</summary>
    public static string? RefuseWorkerCount(int workers) => workers <= MaxWorkerCount ? null
        : $"this machine has {Environment.ProcessorCount} processor(s), and one process runs at most {MaxWorkersPerProcessor} workers per processor ({MaxWorkerCount}): "
          + "every worker is a thread running a CPU-bound loop; use fewer workers, or more processes (-i/-a)";

    /// <summary>
    /// Time between epoch closes (Bytewax's snapshot interval, which is also its epoch interval): state is
    /// snapshotted and a graceful stop takes effect at an epoch close. Default 10 s; zero closes an epoch at every
    /// activation of the sources.
    /// </summary>
    public TimeSpan SnapshotInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The recovery store: a directory of SQLite partitions, or a <c>postgres://user:password@host:port/database</c> URL (also <c>postgresql://</c>); null (the default) runs without recovery.</summary>
    /// <remarks>
    /// A run resumes from the last epoch the store committed. A directory that does not exist yet is created with
    /// <see cref="DataflowRunner.DefaultPartitionCount"/> partitions (or one per worker, if more). A PostgreSQL
    /// database must exist; its tables are created if missing and are shared by every flow, each keeping its own
    /// rows, so processes on several machines can use one database. In the URL, user and password are
    /// percent-encoded and the port defaults to 5432.
    /// </remarks>
    public string? RecoveryDirectory { get; init; }

    /// <summary>How long a recovery store keeps superseded snapshots (Bytewax's backup interval). Default zero; only used with recovery.</summary>
    public TimeSpan BackupInterval { get; init; } = TimeSpan.Zero;

    /// <summary>This process's index in <see cref="Addresses"/> (Bytewax's process id). Default 0.</summary>
    public int ProcessId { get; init; }

    /// <summary>The address of every process of the cluster, in process-id order; empty or one entry (the default) runs a single process.</summary>
    /// <remarks>This process listens on the port of its own entry; the others connect to it there.</remarks>
    public IReadOnlyList<DnsEndPoint> Addresses { get; init; } = [];

    /// <summary>How long a process waits for all the others to connect before it gives up with an error naming who is missing. Default 60 s.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Called once the execution has started here (its partitions are running), e.g. to say so; null (the default) calls nothing.</summary>
    public Action? Started { get; init; }

    /// <summary>Called with a line for a person about what the run is doing that no result shows: where it resumed from (with a recovery store), which processes a cluster still waits for; null (the default) says nothing.</summary>
    /// <remarks>Called from any thread, while the run goes on; the <c>run</c> command writes the lines to standard error.</remarks>
    public Action<string>? Notice { get; init; }

    /// <summary>How long another process may stay silent before it is declared dead: it is probed every third of this and declared dead after three missed probes. Default 5 s.</summary>
    public TimeSpan FailureTimeout { get; init; } = FastFailureDetection.DefaultFailureTimeout;

    /// <summary>A <c>postgres://</c> URL of the database where the cluster keeps its membership (Orleans' ADO.NET clustering); null (the default): process 0 keeps it (Orleans' development clustering).</summary>
    /// <remarks>With it any process may be lost, process 0 included: the flow's record is kept there too (grain storage), and with a recovery store the others deploy the flow again and go on.</remarks>
    public string? Clustering { get; init; }

    /// <summary>Whether the processes run in Kubernetes pods: their silos use Orleans' Kubernetes hosting, which watches the pods and declares the silo of a deleted pod dead at once; default false.</summary>
    /// <remarks>Each pod needs <c>POD_NAME</c> and <c>POD_NAMESPACE</c> (the downward API) and a service account allowed to get, list, watch and patch pods (see <c>deploy/kubernetes</c>).</remarks>
    public bool Kubernetes { get; init; }

    /// <summary>The certificate, with its private key, that every process of the cluster holds; null (the default) for plain TCP.</summary>
    /// <remarks>
    /// With it the processes' silos talk over mutual TLS (TLS 1.2 or 1.3): each presents this certificate and accepts a
    /// peer only if it presents this very certificate, so a process without it cannot join or send a message.
    /// </remarks>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>Whether a cluster process writes the runtime's events (the execution started, a process lost, the execution resumed) and Orleans' errors to standard error, one line each; default false.</summary>
    public bool LogRuntimeEvents { get; init; }

    /// <summary>The file the flow was loaded from, recorded in its deployment (the flow grain's record); null (the default) for a flow built in code.</summary>
    public string? FlowFile { get; init; }

    /// <summary>The arguments the flow was built with, recorded in its deployment; empty by default.</summary>
    public IReadOnlyDictionary<string, string> FlowArguments { get; init; } = new Dictionary<string, string>();
}

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

    /// <summary>Stack traces with errors and, in a cluster, the runtime's events on stderr (no appsettings.json key).</summary>
    public static readonly SiloSetting Verbose = new(null, "--verbose", "DATAFLOW_VERBOSE");

    /// <summary>No progress lines on stderr (compiling, running, resumed, waiting, the closing summary); errors still (no appsettings.json key).</summary>
    public static readonly SiloSetting Quiet = new(null, "--quiet", "DATAFLOW_QUIET");

    /// <summary>The HTTP API port (no flag).</summary>
    public static readonly SiloSetting HttpPort = new("Ports:Http", null, "DATAFLOW_HTTP_PORT");

    /// <summary>The port of a cluster address given without one (no flag).</summary>
    public static readonly SiloSetting ClusterPort = new("Ports:Cluster", null, "DATAFLOW_CLUSTER_PORT");

    /// <summary>This process's index in the cluster's addresses (no appsettings.json key: it differs per process).</summary>
    public static readonly SiloSetting ProcessId = new(null, "--process-id", "DATAFLOW_PROCESS_ID");

    /// <summary>The pod's name, <c>&lt;statefulset&gt;-&lt;ordinal&gt;</c>, from which a Kubernetes StatefulSet's pod derives its process id (environment only).</summary>
    public static readonly SiloSetting PodName = new(null, null, "DATAFLOW_POD_NAME");

    /// <summary>The StatefulSet's name, the prefix of <see cref="PodName"/> (environment only).</summary>
    public static readonly SiloSetting StatefulSetName = new(null, null, "DATAFLOW_STATEFULSET_NAME");

    /// <summary>The address of every process of the cluster, <c>host:port;host:port;...</c>.</summary>
    public static readonly SiloSetting Addresses = new("Addresses", "--addresses", "DATAFLOW_ADDRESSES");

    /// <summary>A file with the address of every process of the cluster, one a line (no appsettings.json key).</summary>
    public static readonly SiloSetting Hostfile = new(null, "--hostfile", "DATAFLOW_HOSTFILE");

    /// <summary>Seconds a process waits for the others to join.</summary>
    public static readonly SiloSetting StartupTimeout = new("StartupTimeoutSeconds", "--startup-timeout", "DATAFLOW_STARTUP_TIMEOUT");

    /// <summary>Seconds a silent peer counts as alive.</summary>
    public static readonly SiloSetting FailureTimeout = new("FailureTimeoutSeconds", "--failure-timeout", "DATAFLOW_FAILURE_TIMEOUT");

    /// <summary>The PostgreSQL database holding the cluster's membership (Orleans' ADO.NET clustering) and flow records: for <c>run</c> instead of process 0, for <c>serve</c> instead of localhost clustering and the data directory's registry.</summary>
    public static readonly SiloSetting Clustering = new("Clustering", "--clustering", "DATAFLOW_CLUSTERING");

    /// <summary>Whether the processes run in Kubernetes pods and use Orleans' Kubernetes hosting: a pod that is deleted is declared dead at once, without waiting for missed probes.</summary>
    public static readonly SiloSetting Kubernetes = new("Kubernetes", "--kubernetes", "DATAFLOW_KUBERNETES");

    /// <summary>The PKCS#12 file holding the certificate (with its private key) every process of the cluster holds: with it, processes talk over mutual TLS.</summary>
    public static readonly SiloSetting TlsCertificate = new("Tls:Certificate", "--tls-certificate", "DATAFLOW_TLS_CERTIFICATE");

    /// <summary>The password of <see cref="TlsCertificate"/>'s file (environment only: a flag shows in the process list, a file is read by anyone who reads the settings).</summary>
    public static readonly SiloSetting TlsCertificatePassword = new(null, null, "DATAFLOW_TLS_CERTIFICATE_PASSWORD");

    /// <summary>Whether <c>serve</c> mounts Orleans' own dashboard at <c>/orleans</c> of its HTTP port.</summary>
    public static readonly SiloSetting OrleansDashboard = new("OrleansDashboard", "--orleans-dashboard", "DATAFLOW_ORLEANS_DASHBOARD");

    /// <summary>Every setting the silo reads, so a deployment's variables can be checked against them.</summary>
    public static IReadOnlyList<SiloSetting> All =>
    [
        Workers, SnapshotInterval, RecoveryDirectory, BackupInterval, Flow, Verbose, Quiet, HttpPort, ClusterPort,
        ProcessId, PodName, StatefulSetName, Addresses, Hostfile, StartupTimeout, FailureTimeout, Clustering, Kubernetes, TlsCertificate, TlsCertificatePassword,
        OrleansDashboard,
    ];

    /// <summary>The appsettings.json path of the key, e.g. <c>Silo:Workers</c>.</summary>
    public string? ConfigurationPath => Key is null ? null : $"{SiloSettings.SectionName}:{Key}";

    /// <summary>The environment variable without <see cref="EnvironmentPrefix"/>, as the prefixed configuration provider names it.</summary>
    public string EnvironmentKey => EnvironmentVariable[EnvironmentPrefix.Length..];
}

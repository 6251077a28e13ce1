using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Orleans.Dataflow.Grains.Cluster;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Configuration;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Silo.Loading;
using Orleans.Dataflow.Silo.Recovery;

namespace Orleans.Dataflow.Silo.Cli;

/// <summary>The <c>run</c> command (Bytewax's <c>python -m bytewax.run</c>) and the silo's composition root.</summary>
/// <remarks>
/// The one place that turns the command line, the environment and appsettings.json into settings, and settings
/// into a loaded flow, run options and a run. Every failure becomes one error on standard error and an exit code
/// from <see cref="ExitCodes"/>.
/// </remarks>
internal sealed class RunCommand
{
    private readonly CliContext _context;
    private readonly Argument<string> _path = new("flow")
    {
        Description = "The flow to run: a C# script (.csx) whose last expression is a Dataflow, or an assembly (.dll) exposing public static Dataflow members.",
    };

    private readonly Option<string?> _flow = new(SiloSetting.Flow.Flag!)
    {
        Description = "Which flow of an assembly to run: member name, Type.Member or Namespace.Type.Member [env DATAFLOW_FLOW; default: the only one].",
        HelpName = "NAME",
    };

    private readonly Option<string?> _workers = new(SiloSetting.Workers.Flag!, "-w")
    {
        Description = "Worker threads in this process [env DATAFLOW_WORKERS; appsettings Silo:Workers; default 1].",
        HelpName = "N",
    };

    private readonly Option<string?> _snapshotInterval = new(SiloSetting.SnapshotInterval.Flag!, "-s")
    {
        Description = "Seconds between epoch closes (state snapshots); fractions allowed [env DATAFLOW_SNAPSHOT_INTERVAL; appsettings Silo:SnapshotIntervalSeconds; default 10].",
        HelpName = "SECONDS",
    };

    private readonly Option<string?> _recoveryDirectory = new(SiloSetting.RecoveryDirectory.Flag!, "-r")
    {
        Description = "Recovery store: a directory of SQLite partitions (created if missing) or a postgres://user:password@host:port/database URL (tables created if missing; user and password percent-encoded); state is snapshotted there and a run resumes from it [env DATAFLOW_RECOVERY_DIRECTORY; appsettings Silo:RecoveryDirectory; default none].",
        HelpName = "DIR|URL",
    };

    private readonly Option<string?> _backupInterval = new(SiloSetting.BackupInterval.Flag!, "-b")
    {
        Description = "Seconds the recovery store keeps superseded snapshots [env DATAFLOW_BACKUP_INTERVAL; appsettings Silo:BackupIntervalSeconds; default 0].",
        HelpName = "SECONDS",
    };

    private readonly Option<string?> _processId = new(SiloSetting.ProcessId.Flag!, "-i")
    {
        Description = "This process's index in the cluster's addresses, 0 to (processes - 1); every process of a cluster runs the same command but for this [env DATAFLOW_PROCESS_ID; in a Kubernetes StatefulSet derived from DATAFLOW_POD_NAME and DATAFLOW_STATEFULSET_NAME; default 0].",
        HelpName = "ID",
    };

    private readonly Option<string?> _addresses = new(SiloSetting.Addresses.Flag!, "-a")
    {
        Description = "The address of every process of the cluster in process-id order, separated by ';' (or ',' or newlines), e.g. \"10.0.0.1:7301;10.0.0.2:7301\"; IPv6 as [::1]:7301; an address without a port gets DATAFLOW_CLUSTER_PORT (7301). This process listens on the port of its own address. None or one address runs a single process [env DATAFLOW_ADDRESSES; appsettings Silo:Addresses; default none].",
        HelpName = "HOST:PORT;...",
    };

    private readonly Option<string?> _hostfile = new(SiloSetting.Hostfile.Flag!)
    {
        Description = "A file with the cluster's addresses instead of --addresses: one host:port a line, in process-id order; blank lines and lines starting with # are skipped [env DATAFLOW_HOSTFILE].",
        HelpName = "PATH",
    };

    private readonly Option<string?> _startupTimeout = new(SiloSetting.StartupTimeout.Flag!)
    {
        Description = "Seconds a process waits for all the others to join before it gives up, naming the missing ones [env DATAFLOW_STARTUP_TIMEOUT; appsettings Silo:StartupTimeoutSeconds; default 60].",
        HelpName = "SECONDS",
    };

    private readonly Option<string?> _failureTimeout = new(SiloSetting.FailureTimeout.Flag!)
    {
        Description = "About how many seconds a dead or frozen process takes to be declared dead (Orleans probes every process every third of it); then the others resume from the last commit with a recovery store, or stop with an error naming it [env DATAFLOW_FAILURE_TIMEOUT; appsettings Silo:FailureTimeoutSeconds; default 5].",
        HelpName = "SECONDS",
    };

    private readonly Option<string?> _clustering = new(SiloSetting.Clustering.Flag!)
    {
        Description = "A postgres://user:password@host:port/database URL where the processes keep the cluster's membership (Orleans' ADO.NET clustering; the tables are created if missing): then any process may be lost, process 0 included, and with a recovery store the others go on [env DATAFLOW_CLUSTERING; appsettings Silo:Clustering; default none: process 0 holds the membership].",
        HelpName = "URL",
    };

    private readonly Option<bool> _kubernetes = new(SiloSetting.Kubernetes.Flag!)
    {
        Description = "The processes run in Kubernetes pods: use Orleans' Kubernetes hosting, which watches the pods (POD_NAME, POD_NAMESPACE; a service account that may get, list, watch and patch pods) and declares a deleted pod's process dead at once [env DATAFLOW_KUBERNETES; appsettings Silo:Kubernetes; default false].",
    };

    private readonly Option<string?> _tlsCertificate = new(SiloSetting.TlsCertificate.Flag!)
    {
        Description = "A PKCS#12 (.pfx) file with the certificate and private key every process of the cluster holds: processes then talk over mutual TLS and refuse any peer that does not present this certificate; its password comes from DATAFLOW_TLS_CERTIFICATE_PASSWORD [env DATAFLOW_TLS_CERTIFICATE; appsettings Silo:Tls:Certificate; default none: plain TCP].",
        HelpName = "PATH",
    };

    private readonly Option<string[]> _args = new("--arg")
    {
        Description = "A key=value pair the flow sees (scripts: Args[\"key\"]; assemblies: the IReadOnlyDictionary parameter). Repeatable.",
        HelpName = "KEY=VALUE",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<bool> _verbose = new(SiloSetting.Verbose.Flag!, "-v")
    {
        Description = "Print stack traces with errors and, in a cluster, the runtime's events [env DATAFLOW_VERBOSE].",
    };

    private readonly Option<string?> _describe = new("--describe")
    {
        Description = "Print the flow's steps, their operators, the streams between them with their item types, and where items are exchanged between workers, then exit without running it: as a table (text, the default), a Mermaid flowchart (mermaid) or JSON (json).",
        HelpName = "text|mermaid|json",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<bool> _quiet = new(SiloSetting.Quiet.Flag!, "-q")
    {
        Description = "Print no progress on stderr (compiling, running, resumed, waiting for silos, the closing summary); errors still [env DATAFLOW_QUIET].",
    };

    /// <summary>Creates the command, writing to and reading from <paramref name="context"/>.</summary>
    public RunCommand(CliContext context)
    {
        _context = context;
        Command = new Command("run", "Run a flow in this process (or, with --addresses, in this process of a cluster) until its input ends, a source aborts, or Ctrl+C / SIGTERM stops it after the current epoch.")
        {
            _path, _flow, _workers, _snapshotInterval, _recoveryDirectory, _backupInterval,
            _processId, _addresses, _hostfile, _startupTimeout, _failureTimeout, _clustering, _kubernetes, _tlsCertificate, _args, _verbose, _quiet, _describe,
        };
        Command.SetAction(Execute);
    }

    /// <summary>The System.CommandLine command to add to the root command.</summary>
    public Command Command { get; }

    private int Execute(ParseResult parse)
    {
        var error = _context.Error;
        SiloSettings settings;
        IReadOnlyDictionary<string, string> args;
        var path = parse.GetValue(_path)!;
        try
        {
            settings = ResolveSettings(parse);
            args = ParseArgs(parse.GetValue(_args) ?? []);
        }
        catch (SettingsException e)
        {
            ErrorReporter.ReportUsage(error, e.Message);
            return ExitCodes.Usage;
        }

        if (!File.Exists(path))
        {
            ErrorReporter.ReportUsage(error, $"flow file '{path}' does not exist");
            return ExitCodes.Usage;
        }

        if (!FlowLoader.IsSupported(path))
        {
            ErrorReporter.ReportUsage(error, $"flow file '{path}' is neither a C# script ({FlowLoader.ScriptExtension}) nor an assembly ({FlowLoader.AssemblyExtension})");
            return ExitCodes.Usage;
        }

        var describe = parse.GetResult(_describe) is null ? null : parse.GetValue(_describe) ?? FlowDescription.Formats[0];
        if (describe is not null && !FlowDescription.Formats.Contains(describe))
        {
            ErrorReporter.ReportUsage(error, $"--describe takes {string.Join(", ", FlowDescription.Formats)}; got '{describe}'");
            return ExitCodes.Usage;
        }

        using var signals = _context.HandleSignals ? new StopSignals(error) : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_context.Stop, signals?.Token ?? CancellationToken.None);
        // With -v the runtime's log lines go to stderr too, past the progress's lock: a status line would run into them.
        var progress = settings.Quiet ? RunProgress.Quiet : new RunProgress(error, IsTerminal(error) && !settings.Verbose);
        try
        {
            var clock = Stopwatch.StartNew();
            var flow = FlowLoader.Load(path, args, settings.FlowName, compiling: () => progress.Compiling(path));
            if (describe is not null)
            {
                FlowDescription.Write(flow, describe, _context.Out);
                return ExitCodes.Success;
            }

            var loaded = clock.Elapsed;
            progress.Running(flow, settings);
            var options = settings.ToRunOptions() with
            {
                Started = settings.Verbose && settings.ProcessCount > 1 ? () => error.WriteLine($"flow '{flow.Id}' started{DescribeProcess(settings)}") : null,
                LogRuntimeEvents = settings.Verbose,
                FlowFile = Path.GetFullPath(path),
                FlowArguments = args,
                Notice = progress.Notice,
            };
            ExecutionResult result;
            using (var reader = progress.KeepsStatusLine ? new RunStatusReader(flow) : null)
            using (reader is null ? null : new RunStatusLine(progress, reader.Read, RunStatusLine.Interval, IsTerminal(Console.Out)))
            {
                result = DataflowRunner.RunMain(flow, options, stop.Token);
            }

            progress.Summary(flow, result, loaded, clock.Elapsed);
            return signals?.Received == PosixSignal.SIGINT ? ExitCodes.Interrupted : ExitCodes.Success;
        }
        catch (FlowLoadException e) when (e.Diagnostics.Count > 0)
        {
            foreach (var line in e.Diagnostics)
            {
                error.WriteLine(line);
            }

            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is FlowLoadException or DataflowException or InvalidDataflowException or RecoveryStoreException or ClusterException)
        {
            ErrorReporter.Report(error, e, settings.Verbose);
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            ErrorReporter.Report(error, e, settings.Verbose, $"unexpected {e.GetType().FullName}: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private bool IsTerminal(TextWriter writer)
        => _context.IsTerminal?.Invoke(writer)
            ?? (ReferenceEquals(writer, Console.Error) ? !Console.IsErrorRedirected : ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected);

    private SiloSettings ResolveSettings(ParseResult parse)
    {
        var files = SiloConfigurationSources.LoadFiles(_context.SettingsDirectories ?? SiloConfigurationSources.DefaultDirectories());
        foreach (var warning in SiloConfigurationSources.UnknownKeyWarnings(files))
        {
            _context.Error.WriteLine(warning);
        }

        var environment = SiloConfigurationSources.LoadEnvironment(_context.EnvironmentVariables);
        var flags = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [_flow.Name] = parse.GetValue(_flow),
            [_workers.Name] = parse.GetValue(_workers),
            [_snapshotInterval.Name] = parse.GetValue(_snapshotInterval),
            [_recoveryDirectory.Name] = parse.GetValue(_recoveryDirectory),
            [_backupInterval.Name] = parse.GetValue(_backupInterval),
            [_processId.Name] = parse.GetValue(_processId),
            [_addresses.Name] = parse.GetValue(_addresses),
            [_hostfile.Name] = parse.GetValue(_hostfile),
            [_startupTimeout.Name] = parse.GetValue(_startupTimeout),
            [_failureTimeout.Name] = parse.GetValue(_failureTimeout),
            [_tlsCertificate.Name] = parse.GetValue(_tlsCertificate),
            [_clustering.Name] = parse.GetValue(_clustering),
            [_kubernetes.Name] = parse.GetResult(_kubernetes) is { Implicit: false } ? parse.GetValue(_kubernetes).ToString() : null,
            [_verbose.Name] = parse.GetResult(_verbose) is { Implicit: false } ? parse.GetValue(_verbose).ToString() : null,
            [_quiet.Name] = parse.GetResult(_quiet) is { Implicit: false } ? parse.GetValue(_quiet).ToString() : null,
        };
        return new SiloSettingsResolver(files, environment).Resolve(flags);
    }

    private static Dictionary<string, string> ParseArgs(IEnumerable<string> pairs)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new SettingsException($"--arg must be KEY=VALUE with a non-empty key; got '{pair}'");
            }

            args[pair[..equals]] = pair[(equals + 1)..];
        }

        return args;
    }

    private static string DescribeProcess(SiloSettings settings)
        => settings.ProcessCount > 1 ? $" in process {settings.ProcessId} of {settings.ProcessCount}" : string.Empty;
}

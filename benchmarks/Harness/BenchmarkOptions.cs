using System.Globalization;
using Orleans.Dataflow.Benchmarks.Workloads;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>The command line of the benchmark program: which workloads, how many runs, which sizes, which worker counts, whether to measure recovery or a cluster.</summary>
/// <remarks>
/// <c>[name...] [--runs N] [--quick] [--workers 1,2] [--recovery | --cluster | --metrics] [--process-per-mode] [--state-ttl] [--kafka] [--nexmark] [--latency [--latency-seconds S]]</c>. Names are <c>w0 w1 w2 w3</c> (default all),
/// the NEXMark queries <c>q0 q1 q2 q5 q7 q8</c>, which <c>--nexmark</c> adds after any names given, and <c>w5</c> for <c>--latency</c>. <c>--runs</c>
/// defaults to 5, or 1 with <c>--quick</c>, which also divides every size by <see cref="QuickDivisor"/> (a smoke run).
/// <c>--recovery</c> replaces each engine mode by two with 1 s epochs, one without a store and one with a SQLite store.
/// <c>--cluster</c> adds 2 Orleans silos of 1 worker each (a TestCluster in this process; batches between silos serialized) to the workloads of
/// <see cref="WorkloadCatalog.ClusterNames"/> (then the default names), and 2 workers to the worker counts.
/// <c>--metrics</c> runs each engine mode twice, without and with a listener collecting the meters (<see cref="MetricsListening"/>).
/// <c>--process-per-mode</c> measures each engine mode in a process of its own (<see cref="ModeProcess"/>) instead of all in this one.
/// <c>--mode-process NAME INDEX</c> is how this program starts itself as such a process, serving mode INDEX of workload NAME.
/// <c>--state-ttl</c> prints <see cref="StateLifetimeReport"/>, <c>--kafka</c> <see cref="KafkaReport"/> and <c>--latency</c> (or <c>w5</c>) <see cref="Workloads.W5Latency.W5Report"/> (alone unless workloads are named).
/// </remarks>
public sealed class BenchmarkOptions
{
    /// <summary>What <c>--quick</c> divides every workload size by.</summary>
    public const int QuickDivisor = 100;

    /// <summary>The usage text printed on <c>--help</c> and on a bad command line.</summary>
    public const string Usage = """
        usage: dotnet run -c Release --project benchmarks -- [w0|w1|w2|w3|q0|q1|q2|q5|q7|q8 ...] [--runs N] [--quick] [--workers 1,2] [--recovery | --cluster | --metrics] [--process-per-mode] [--state-ttl] [--kafka] [--nexmark] [--latency] [--latency-seconds S]
          names       workloads to run (default: w0 w1 w2 w3; w1 w2 with --cluster); q0 ... q8 are NEXMark queries; w5 is --latency
          --nexmark   the NEXMark queries q0 q1 q2 q5 q7 q8 (after any names given): events in NEXMark's proportions,
                      each query beside a hand-written loop, events/s per worker beside Flink 1.13's per-core figures
          --runs N    measured runs per mode, median reported (default 5; 1 with --quick)
          --quick     sizes / 100 and 1 run: a smoke run, checksums still verified
          --workers   engine worker counts to run, comma-separated (default 1,2)
          --recovery  measure the cost of recovery: for each worker count, the engine with 1 s epochs without a store
                      and with a SQLite recovery store (a fresh temporary directory of max(4, workers) partitions per
                      run); reports throughput with / without, the store's size after a run, and the floor >= 0.8
                      (the baseline still runs; the usual floors are not checked)
          --cluster   w1 and w2 also on 2 Orleans silos x 1 worker (a TestCluster in this process; batches serialized),
                      beside 1 silo x 2 workers (added to --workers if missing); reports the bytes/s between silos. Other
                      workloads run their usual modes only
          --metrics   measure the cost of metrics: for each worker count, the engine with nothing listening to its meters
                      and with a MeterListener that takes every measurement of the Orleans.Dataflow meter and collects
                      the observable ones every second, as a scraped silo does; reports throughput with / without, the
                      processor time ratio, and the floor >= 0.97 (the baseline still runs; the usual floors are not checked)
          --process-per-mode  each engine mode in a process of its own, driven by this one in the same interleaved
                      rounds: the JIT then optimizes the engine's shared code for that mode's worker count alone
          --state-ttl the recovery store's size with ever-new keys, with and without a state time-to-live, over runs of
                      4, 8 and 16 million events, against a hand-written loop (alone unless workloads are named)
          --kafka     a topic-to-topic copy through KafkaInput and KafkaOutput against the plain Confluent clients on
                      librdkafka's mock cluster, 1 and 2 workers, floor 0.7 (alone unless workloads are named)
          --latency   W5: end-to-end latency (p50/p99/p99.9/max) of an open-loop source at 100 k and 1 M records/s through
                      map -> key -> running count -> sink on 1 and 2 workers (busy and sleeping source) and 2 silos x 1
                      worker, against a producer/consumer thread pair; the epoch round trip (cut to commit) on an
                      in-memory and a SQLite store; floors and Timely's figures (alone unless workloads are named)
          --latency-seconds S  how long each W5 run measures (default 3; 0.5 with --quick)
        """;

    /// <summary>The workloads to run, in the order given (lower case).</summary>
    public IReadOnlyList<string> Names { get; private init; } = WorkloadCatalog.Names;

    /// <summary>Measured runs per mode (after the warm-up rounds).</summary>
    public int Runs { get; private init; } = 5;

    /// <summary>Whether sizes are divided by <see cref="QuickDivisor"/>.</summary>
    public bool Quick { get; private init; }

    /// <summary>The engine worker counts to run, in ascending order.</summary>
    public IReadOnlyList<int> Workers { get; private init; } = [1, 2];

    /// <summary>Whether each engine mode is measured with 1 s epochs, without and with a SQLite recovery store, instead of the usual 10 s epochs and no store.</summary>
    public bool Recovery { get; private init; }

    /// <summary>Whether the workloads of <see cref="WorkloadCatalog.ClusterNames"/> also run on 2 Orleans silos of 1 worker each.</summary>
    public bool Cluster { get; private init; }

    /// <summary>Whether each engine mode is measured without and with a listener on the meters (<see cref="MetricsListening"/>), instead of once.</summary>
    public bool Metrics { get; private init; }

    /// <summary>Whether to print the state time-to-live report (<see cref="StateLifetimeReport"/>).</summary>
    public bool StateTtl { get; private init; }

    /// <summary>Whether to print the Kafka connectors' report (<see cref="KafkaReport"/>).</summary>
    public bool Kafka { get; private init; }

    /// <summary>Whether to run W5, the latency report (<see cref="Workloads.W5Latency.W5Report"/>).</summary>
    public bool Latency { get; private init; }

    /// <summary>How long each W5 run measures, in seconds.</summary>
    public double LatencySeconds { get; private init; } = 3;

    /// <summary>Whether each engine mode runs in a process of its own (<see cref="ModeProcess"/>) instead of all in this one.</summary>
    public bool ProcessPerMode { get; private init; }

    /// <summary>The workload and mode this process serves to the main benchmark process (<c>--mode-process</c>); null in the main process.</summary>
    public (string Workload, int Mode)? ModeProcess { get; private init; }

    /// <summary>The command line these options were parsed from, which a mode's own process is started with.</summary>
    public IReadOnlyList<string> Arguments { get; private init; } = [];

    /// <summary>Whether only the usage was asked for.</summary>
    public bool Help { get; private init; }

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="ArgumentException">An unknown name or flag, or a bad number.</exception>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var names = new List<string>();
        int? runs = null;
        var quick = false;
        var recovery = false;
        var cluster = false;
        var stateTtl = false;
        var kafka = false;
        var latency = false;
        var latencySeconds = 3d;
        var nexmark = false;
        var metrics = false;
        var processPerMode = false;
        (string, int)? modeProcess = null;
        IReadOnlyList<int> workers = [1, 2];
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help":
                    return new BenchmarkOptions { Help = true };
                case "--quick":
                    quick = true;
                    break;
                case "--recovery":
                    recovery = true;
                    break;
                case "--cluster":
                    cluster = true;
                    break;
                case "--state-ttl":
                    stateTtl = true;
                    break;
                case "--kafka":
                    kafka = true;
                    break;
                case "--latency" or "w5" or "W5":
                    latency = true;
                    break;
                case "--latency-seconds":
                    latencySeconds = ParsePositive(ValueOf(args, ref i), "--latency-seconds");
                    break;
                case "--nexmark":
                    nexmark = true;
                    break;
                case "--metrics":
                    metrics = true;
                    break;
                case "--process-per-mode":
                    processPerMode = true;
                    break;
                case "--mode-process":
                    var served = ValueOf(args, ref i).ToLowerInvariant();
                    modeProcess = (WorkloadCatalog.IsKnown(served) ? served : throw new ArgumentException($"--mode-process: unknown workload '{served}'"),
                        int.Parse(ValueOf(args, ref i), NumberStyles.None, CultureInfo.InvariantCulture));
                    break;
                case "--runs":
                    runs = ParsePositive(ValueOf(args, ref i), "--runs");
                    break;
                case "--workers":
                    workers = ValueOf(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(w => ParsePositive(w, "--workers"))
                        .Distinct()
                        .Order()
                        .ToList();
                    if (workers.Count == 0)
                    {
                        throw new ArgumentException("--workers needs at least one worker count, e.g. --workers 1,2");
                    }

                    break;
                default:
                    var name = arg.ToLowerInvariant();
                    if (!WorkloadCatalog.IsKnown(name))
                    {
                        throw new ArgumentException($"unknown argument '{arg}'; workloads are {string.Join(' ', WorkloadCatalog.Names.Concat(WorkloadCatalog.NexmarkNames))}");
                    }

                    if (!names.Contains(name))
                    {
                        names.Add(name);
                    }

                    break;
            }
        }

        if (nexmark)
        {
            names.AddRange(WorkloadCatalog.NexmarkNames.Except(names));
        }

        if (cluster && recovery)
        {
            throw new ArgumentException("--cluster and --recovery cannot be combined: the cluster runs without a recovery store");
        }

        if (metrics && (cluster || recovery))
        {
            throw new ArgumentException("--metrics cannot be combined with --cluster or --recovery: it compares the usual engine modes with and without listening");
        }

        return new BenchmarkOptions
        {
            Metrics = metrics,
            Names = names.Count > 0 ? names : stateTtl || kafka || latency ? [] : cluster ? WorkloadCatalog.ClusterNames : WorkloadCatalog.Names,
            StateTtl = stateTtl,
            Kafka = kafka,
            Latency = latency,
            LatencySeconds = latencySeconds,
            Runs = runs ?? (quick ? 1 : 5),
            Quick = quick,
            Workers = cluster ? [.. workers.Append(2).Distinct().Order()] : workers,
            Recovery = recovery,
            Cluster = cluster,
            ProcessPerMode = processPerMode,
            ModeProcess = modeProcess,
            Arguments = [.. args],
        };
    }

    private static string ValueOf(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new ArgumentException($"{args[i]} needs a value");
        }

        return args[++i];
    }

    private static int ParsePositive(string text, string flag)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw new ArgumentException($"{flag} takes positive integers, not '{text}'");
        }

        return value;
    }
}

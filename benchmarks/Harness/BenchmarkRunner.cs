using System.Diagnostics;
using System.Globalization;
using Orleans.Dataflow.Benchmarks.Workloads;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>Runs one workload in every mode: prepare, warm up until the JIT is quiet, measure each mode in interleaved rounds, verify every checksum, check the floors.</summary>
/// <remarks>
/// The modes are (i) the hand-written single-threaded loop and then (ii, iii, …) the engine with each worker count
/// of <see cref="BenchmarkOptions.Workers"/>; with <see cref="BenchmarkOptions.Recovery"/>, each worker count is two
/// modes, with 1 s epochs, without a store and with a SQLite store. With <see cref="BenchmarkOptions.Cluster"/>, the
/// workloads of <see cref="WorkloadCatalog.ClusterNames"/> have one more mode, run on an Orleans TestCluster of two
/// silos in this process. The baseline's warm-up checksum is the reference
/// every later run is compared with; at full size the reference itself is compared with the figure of <c>benchmarks.md</c>.
/// </remarks>
public static class BenchmarkRunner
{
    /// <summary>Runs <paramref name="workload"/> as <paramref name="options"/> say, printing progress and its table to <paramref name="output"/>.</summary>
    public static WorkloadReport Run(IWorkload workload, BenchmarkOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine();
        output.WriteLine($"== {workload.Title} ==");
        output.WriteLine(workload.Description);
        PrintSettings(options, output);
        var clusterMode = options.Cluster && WorkloadCatalog.ClusterNames.Contains(workload.Name);
        if (options.Cluster && !clusterMode)
        {
            output.WriteLine($"no cluster mode: --cluster runs {string.Join(" and ", WorkloadCatalog.ClusterNames)} as {ClusterLabel} only; {workload.Title} runs its usual modes");
        }

        var preparing = Stopwatch.StartNew();
        workload.Prepare();
        output.WriteLine(FormattableString.Invariant($"data prepared in {preparing.Elapsed.TotalSeconds:0.00} s (untimed); {HostLoad.Describe()}"));

        var problems = new List<string>();
        var reference = workload.RunBaseline();
        if (workload.Expected is { } expected && reference != expected)
        {
            problems.Add($"MISMATCH: baseline {reference}, benchmarks.md expects {expected}");
        }

        if (clusterMode)
        {
            output.WriteLine($"cluster: {ClusterLabel}: an Orleans TestCluster in this process, records between the silos serialized; bytes counted by the exchange's meter");
        }

        var plans = Plans(workload, options, clusterMode, reference);
        var processes = options.ProcessPerMode ? StartModeProcesses(workload, options, plans) : [];
        List<ModeResult> modes;
        try
        {
            if (processes.Count > 0)
            {
                output.WriteLine($"each engine mode in a process of its own ({processes.Count} started)");
            }

            WarmUp(workload, plans, reference, problems, output);
            modes = MeasureRounds(workload, plans, options.Runs, reference, problems, output);
        }
        finally
        {
            processes.ForEach(p => p.Dispose());
        }

        output.WriteLine($"  {HostLoad.Describe()} after the runs");
        var recovery = RecoveryComparison.Of(modes, workload.Records);
        var floors = options.Recovery ? RecoveryFloors(recovery) : options.Metrics ? MetricsFloors(MetricsComparison.Of(modes, workload.Records)) : Floors(workload, modes);
        if (options.Quick)
        {
            // A smoke run's sizes are a hundredth: start-up dominates its times, so no floor can be judged by them.
            floors = [.. floors.Select(f => f with { Actual = f.Actual + " (--quick: not judged)", Pass = null })];
        }

        var report = new WorkloadReport(workload, modes, floors, problems, recovery);
        ResultTable.Print(report, output);
        foreach (var line in workload.Epilogue(report))
        {
            output.WriteLine(line);
        }

        return report;
    }

    private static void PrintSettings(BenchmarkOptions options, TextWriter output)
    {
        if (!options.Recovery)
        {
            output.WriteLine(FormattableString.Invariant(
                $"source batch {EngineSettings.SourceBatchSize}, exchange batch {EngineSettings.ExchangeBatchSize}, epoch (snapshot) interval {EngineSettings.EpochInterval.TotalSeconds:0.###} s, no recovery store; warm-up until the JIT is quiet, median of {options.Runs}"));
            return;
        }

        output.WriteLine(FormattableString.Invariant(
            $"source batch {EngineSettings.SourceBatchSize}, exchange batch {EngineSettings.ExchangeBatchSize}, epoch (snapshot) interval {EngineSettings.RecoveryEpochInterval.TotalSeconds:0.###} s in every engine mode; warm-up until the JIT is quiet, median of {options.Runs}"));
        output.WriteLine($"recovery store: none, or where the mode says so SQLite (WAL, synchronous FULL, keep 0 epochs) with max(4, workers) partitions in a fresh directory under {RecoveryDirectory.Parent} per run, "
            + "created before the timer (recovery init), opened and closed inside it; store size = all files of the directory after the run");
    }

    /// <summary>Serves mode <see cref="BenchmarkOptions.ModeProcess"/> of its workload to the main process, from a process of its own (<see cref="ModeProcess"/>).</summary>
    /// <returns>The process's exit code.</returns>
    public static int ServeMode(BenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (name, index) = options.ModeProcess ?? throw new ArgumentException("these options name no mode to serve", nameof(options));
        var workload = WorkloadCatalog.Create(name, options.Quick ? BenchmarkOptions.QuickDivisor : 1);
        workload.Prepare();
        var clusterMode = options.Cluster && WorkloadCatalog.ClusterNames.Contains(workload.Name);

        // The reference checksum only feeds the baseline copies, which run in the main process.
        var plan = Plans(workload, options, clusterMode, default)[index];
        return ModeProcess.Serve(plan.Measure, Measurer.Settle);
    }

    /// <summary>Starts a process for every engine mode of <paramref name="plans"/> and has each such plan measured by its process.</summary>
    private static List<ModeProcess> StartModeProcesses(IWorkload workload, BenchmarkOptions options, List<Plan> plans)
    {
        var processes = new List<ModeProcess>();
        for (var m = 0; m < plans.Count; m++)
        {
            if (plans[m].Workers > 0)
            {
                var process = ModeProcess.Start(workload.Name, m, plans[m].Label, options.Arguments);
                processes.Add(process);
                plans[m] = plans[m] with { Measure = process.Measure };
            }
        }

        return processes;
    }

    private static List<Plan> Plans(IWorkload workload, BenchmarkOptions options, bool clusterMode, Checksum reference)
    {
        var plans = new List<Plan> { new("baseline (C# loop)", "baseline", 0, 1, false, () => Measurer.Measure(workload.RunBaseline)) };
        if (options.Workers.Contains(2) && !options.Recovery && !options.Metrics)
        {
            plans.Add(new("2 C# loops at once", "2 loops", 0, 1, false, () => Measurer.Measure(() => BaselineCopies(workload, reference))) { Copies = 2 });
        }

        foreach (var workers in options.Workers)
        {
            if (!options.Recovery)
            {
                var usual = new EngineMode(workers, EngineSettings.EpochInterval, null);
                plans.Add(new(EngineLabel(workers), $"{workers}w", workers, 1, false, Noted(workload, () => Measurer.Measure(() => workload.RunEngine(usual)))));
                if (options.Metrics)
                {
                    plans.Add(new($"{EngineLabel(workers)}, metrics listened to", $"{workers}w+metrics", workers, 1, false,
                        Noted(workload, () => MetricsListening.Measure(() => Measurer.Measure(() => workload.RunEngine(usual))))) { Metrics = true });
                }

                continue;
            }

            var mode = new EngineMode(workers, EngineSettings.RecoveryEpochInterval, null);
            var epochs = FormattableString.Invariant($"{mode.EpochInterval.TotalSeconds:0.###} s epochs");
            plans.Add(new($"engine {workers}w, {epochs}", $"{workers}w", workers, 1, false, Noted(workload, () => Measurer.Measure(() => workload.RunEngine(mode)))));
            plans.Add(new($"engine {workers}w, SQLite recovery, {epochs}", $"{workers}w+SQLite", workers, 1, true, Noted(workload, () => MeasureWithStore(workload, mode))));
        }

        if (clusterMode)
        {
            var silos = new EngineMode(ClusterSilos, EngineSettings.EpochInterval, null, ClusterSilos);
            plans.Add(new($"engine {ClusterLabel}", $"{ClusterSilos}s x 1w", ClusterSilos, ClusterSilos, false,
                Noted(workload, () => ExchangeBytes.Count(() => Measurer.Measure(() => workload.RunEngine(silos))))));
        }

        return plans;
    }

    /// <summary>Runs the hand-written loop on two threads at once: the checksum of a copy that differs from <paramref name="reference"/>, else the reference.</summary>
    /// <remarks>
    /// What two threads of this machine give on the work itself, with no engine: the most 2 workers can reach. On this
    /// project's 2-processor virtual machines it was measured between 1.3 x one loop (W1, which allocates a string per
    /// word on both threads) and 2.0 x (W2).
    /// </remarks>
    private static Checksum BaselineCopies(IWorkload workload, Checksum reference)
    {
        var copies = new Task<Checksum>[2];
        using var start = new Barrier(copies.Length);
        for (var copy = 0; copy < copies.Length; copy++)
        {
            copies[copy] = Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                return workload.RunBaseline();
            }, TaskCreationOptions.LongRunning);
        }

        var checksums = Task.WhenAll(copies).GetAwaiter().GetResult();
        foreach (var checksum in checksums)
        {
            if (checksum != reference)
            {
                return checksum;
            }
        }

        return reference;
    }

    /// <summary>Measures one run of <paramref name="mode"/> with a SQLite store in a directory of its own, and the directory's size after it.</summary>
    private static RunMeasurement MeasureWithStore(IWorkload workload, EngineMode mode)
    {
        using var directory = RecoveryDirectory.Create(EngineSettings.RecoveryPartitions(mode.Workers));
        var measurement = Measurer.Measure(() => workload.RunEngine(mode with { Recovery = directory }));
        return measurement with { StoreBytes = directory.SizeBytes() };
    }

    /// <summary>Runs every engine mode in rounds until a round leaves the JIT nearly idle, at most <see cref="MaxWarmUpRounds"/> rounds or <see cref="_maxWarmUp"/>.</summary>
    /// <remarks>
    /// Tiered compilation keeps recompiling hot methods for several runs after the first: measured here, one warm-up
    /// left 100–260 ms of compiling inside each 0.5 s run of W3 at 2 workers, on a background thread that takes a core
    /// from the workers. A flow runs for hours, so its steady state is what the ratios must show. Short runs need
    /// more rounds: the runtime's per-execution methods (placement, activation, the frontier's calls) run a few times
    /// per run, so after 8 rounds of NEXMark q7 (0.2 s each) they were still reaching tier 1, 50–190 ms of compiling
    /// inside each measured run; it took 14 rounds to quiet.
    /// </remarks>
    private static void WarmUp(IWorkload workload, List<Plan> plans, Checksum reference, List<string> problems, TextWriter output)
    {
        var engines = plans.Where(p => p.Workers > 0).ToList();
        var rounds = 0;
        var quiet = false;
        var started = Stopwatch.GetTimestamp();
        TimeSpan jit;
        do
        {
            rounds++;
            jit = TimeSpan.Zero;
            var elapsed = TimeSpan.Zero;
            foreach (var plan in engines)
            {
                var warmUp = plan.Measure();
                Verify(workload, $"{plan.Label} (warm-up {rounds}){Note(warmUp)}", plan.Workers, warmUp.Checksum, reference, problems);
                jit += warmUp.JitTime;
                elapsed += warmUp.Elapsed;
            }

            quiet = jit <= elapsed * QuietJitShare;
        }
        while (!quiet && rounds < MaxWarmUpRounds && Stopwatch.GetElapsedTime(started) < _maxWarmUp);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  warm-up: {rounds} round(s) of every engine mode; the JIT compiled for {jit.TotalMilliseconds:0} ms in the last{(quiet ? string.Empty : " (not yet quiet)")}"));
    }

    private static List<ModeResult> MeasureRounds(IWorkload workload, List<Plan> plans, int runs, Checksum reference, List<string> problems, TextWriter output)
    {
        // Rounds interleave the modes, so that a slow spell of the machine weighs on every mode alike.
        var measured = plans.Select(_ => new List<RunMeasurement>(runs)).ToArray();
        var agreed = plans.Select(_ => true).ToArray();
        for (var round = 0; round < runs; round++)
        {
            output.Write($"  run {round + 1}:");
            for (var m = 0; m < plans.Count; m++)
            {
                var plan = plans[m];
                var measurement = plan.Measure();
                measured[m].Add(measurement);
                var note = Note(measurement);
                agreed[m] &= Verify(workload, $"{plan.Label} run {round + 1}{note}", plan.Workers, measurement.Checksum, reference, problems);
                var jit = measurement.JitTime > measurement.Elapsed * QuietJitShare
                    ? string.Create(CultureInfo.InvariantCulture, $" (jit {measurement.JitTime.TotalMilliseconds:0} ms)")
                    : string.Empty;
                output.Write(string.Create(CultureInfo.InvariantCulture, $"  {plan.ShortLabel} {measurement.Elapsed.TotalSeconds:0.000}s{note}{jit}"));
            }

            output.WriteLine();
        }

        return plans.Select((plan, m) => new ModeResult(plan.Label, plan.ShortLabel, plan.Workers, plan.Processes, measured[m],
            !agreed[m] ? "MISMATCH" : workload.IsSumOrderDependent(plan.Workers) ? "ok (rows)" : "ok", plan.Recovery) { Metrics = plan.Metrics, Copies = plan.Copies }).ToList();
    }

    /// <summary><paramref name="measure"/>, its measurement carrying the workload's note on the run.</summary>
    private static Func<RunMeasurement> Noted(IWorkload workload, Func<RunMeasurement> measure) => () => measure() with { Note = workload.LastEngineRunNote };

    private static string Note(RunMeasurement measurement) => measurement.Note is { } note ? $" ({note})" : string.Empty;

    private static string EngineLabel(int workers) => workers == 1 ? "engine 1 worker" : $"engine {workers} workers";

    /// <summary>The most warm-up rounds before measuring, however busy the JIT still is.</summary>
    private const int MaxWarmUpRounds = 40;

    /// <summary>How long warming up may take before measuring, however busy the JIT still is: a cap for the workloads of seconds per run.</summary>
    private static readonly TimeSpan _maxWarmUp = TimeSpan.FromSeconds(30);

    /// <summary>The share of a run's time the JIT may spend compiling for the run to count as warm.</summary>
    private const double QuietJitShare = 0.02;

    /// <summary>The silos of <c>--cluster</c>'s mode, one partition each.</summary>
    private const int ClusterSilos = 2;

    private static string ClusterLabel => $"{ClusterSilos} silos x 1 worker";

    private static bool Verify(IWorkload workload, string what, int workers, Checksum actual, Checksum reference, List<string> problems)
    {
        var ok = actual.Rows == reference.Rows && (workload.IsSumOrderDependent(workers) || actual.Sum == reference.Sum);
        if (!ok)
        {
            problems.Add($"MISMATCH: {workload.Title}, {what}: {actual}; baseline {reference}");
        }

        return ok;
    }

    private static List<FloorResult> Floors(IWorkload workload, List<ModeResult> modes)
    {
        var floors = new List<FloorResult>();
        var baseline = modes[0].RecordsPerSecond(workload.Records);
        var one = modes.FirstOrDefault(m => m.Workers == 1 && !m.IsCluster)?.RecordsPerSecond(workload.Records);
        var two = modes.FirstOrDefault(m => m.Workers == 2 && !m.IsCluster)?.RecordsPerSecond(workload.Records);
        var cluster = modes.FirstOrDefault(m => m.IsCluster)?.RecordsPerSecond(workload.Records);
        if (workload.Floors.MinRecordsPerSecond is { } minRate)
        {
            floors.Add(new FloorResult(
                string.Create(CultureInfo.InvariantCulture, $"engine 1 worker >= {ResultTable.Rate(minRate)} records/s"),
                one is { } rate ? $"{ResultTable.Rate(rate)} records/s" : "engine 1 worker not run",
                one is { } r ? r >= minRate : null));
        }

        if (workload.Floors.MinRatioToBaseline is { } minRatio)
        {
            floors.Add(new FloorResult(
                string.Create(CultureInfo.InvariantCulture, $"engine 1 worker >= {minRatio:0.00} x baseline"),
                one is { } rate ? string.Create(CultureInfo.InvariantCulture, $"{rate / baseline:0.000} x") : "engine 1 worker not run",
                one is { } r ? r / baseline >= minRatio : null));
        }

        if (workload.Floors.MinTwoWorkerRatioToBaseline is { } minTwoRatio)
        {
            floors.Add(new FloorResult(
                string.Create(CultureInfo.InvariantCulture, $"engine 2 workers >= {minTwoRatio:0.00} x baseline"),
                two is { } rate ? string.Create(CultureInfo.InvariantCulture, $"{rate / baseline:0.000} x") : "engine 2 workers not run",
                two is { } r ? r / baseline >= minTwoRatio : null));
        }

        var speedup = workload.Floors.MinTwoWorkerSpeedup;
        floors.Add(new FloorResult(
            speedup > 1.0 ? string.Create(CultureInfo.InvariantCulture, $"engine 2 workers >= {speedup:0.0} x 1 worker") : "engine 2 workers faster than 1",
            one is { } r1 && two is { } r2 ? string.Create(CultureInfo.InvariantCulture, $"{r2 / r1:0.00} x") : "needs --workers 1,2",
            one is { } a && two is { } b ? (speedup > 1.0 ? b / a >= speedup : b > a) : null));
        if (workload.Floors.MinClusterRatioToTwoWorkers is { } minCluster && cluster is { } procs)
        {
            floors.Add(new FloorResult(
                string.Create(CultureInfo.InvariantCulture, $"engine 2 procs x 1 worker >= {minCluster:0.00} x 1 proc x 2 workers"),
                two is { } r2b ? string.Create(CultureInfo.InvariantCulture, $"{procs / r2b:0.000} x") : "engine 2 workers not run",
                two is { } t ? procs / t >= minCluster : null));
        }

        return floors;
    }

    private static List<FloorResult> RecoveryFloors(IReadOnlyList<RecoveryComparison> comparisons) =>
        [.. comparisons.Select(c => new FloorResult(
            string.Create(CultureInfo.InvariantCulture, $"{EngineLabel(c.Workers)} with SQLite recovery >= {RecoveryComparison.MinRatio:0.00} x without"),
            string.Create(CultureInfo.InvariantCulture, $"{c.Ratio:0.000} x"),
            c.Ratio >= RecoveryComparison.MinRatio))];

    private static List<FloorResult> MetricsFloors(IReadOnlyList<MetricsComparison> comparisons) =>
        [.. comparisons.Select(c => new FloorResult(
            string.Create(CultureInfo.InvariantCulture, $"{EngineLabel(c.Workers)} with metrics listened to >= {MetricsComparison.MinRatio:0.00} x without"),
            string.Create(CultureInfo.InvariantCulture, $"{c.Ratio:0.000} x (processor time: {c.CpuRatio:0.000} x)"),
            c.Ratio >= MetricsComparison.MinRatio))];

    /// <summary>One mode to measure: how the table and the progress line name it, its worker count (0 for the baseline), its process count, whether it has a store, and one measured run of it.</summary>
    private sealed record Plan(string Label, string ShortLabel, int Workers, int Processes, bool Recovery, Func<RunMeasurement> Measure)
    {
        /// <summary>Whether a listener collects the meters during the mode's runs.</summary>
        public bool Metrics { get; init; }

        /// <summary>How many copies of the workload each run does at once.</summary>
        public int Copies { get; init; } = 1;
    }
}

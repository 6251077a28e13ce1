using System.Diagnostics;
using System.Globalization;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>Runs one workload in every mode: prepare, warm up once, measure each mode in interleaved rounds, verify every checksum, check the floors.</summary>
/// <remarks>
/// The modes are (i) the hand-written single-threaded loop and then (ii, iii, …) the engine with each worker count
/// of <see cref="BenchmarkOptions.Workers"/>. The baseline's warm-up checksum is the reference every later run is
/// compared with; at full size the reference itself is compared with the figure of <c>benchmarks.md</c>.
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
        output.WriteLine(FormattableString.Invariant(
            $"source batch {EngineSettings.SourceBatchSize}, exchange batch {EngineSettings.ExchangeBatchSize}, epoch (snapshot) interval {EngineSettings.EpochInterval.TotalSeconds:0.###} s, no recovery store; warm-up 1, median of {options.Runs}"));

        var preparing = Stopwatch.StartNew();
        workload.Prepare();
        output.WriteLine(FormattableString.Invariant($"data prepared in {preparing.Elapsed.TotalSeconds:0.00} s (untimed); {HostLoad.Describe()}"));

        var problems = new List<string>();
        var reference = workload.RunBaseline();
        if (workload.Expected is { } expected && reference != expected)
        {
            problems.Add($"MISMATCH: baseline {reference}, benchmarks.md expects {expected}");
        }

        foreach (var workers in options.Workers)
        {
            var warmUp = workload.RunEngine(workers);
            Verify(workload, $"{EngineLabel(workers)} (warm-up){Note(workload)}", workers, warmUp, reference, problems);
        }

        var modes = MeasureRounds(workload, options, reference, problems, output);
        output.WriteLine($"  {HostLoad.Describe()} after the runs");
        var report = new WorkloadReport(workload, modes, Floors(workload, modes), problems);
        ResultTable.Print(report, output);
        return report;
    }

    private static List<ModeResult> MeasureRounds(IWorkload workload, BenchmarkOptions options, Checksum reference, List<string> problems, TextWriter output)
    {
        var plans = new List<(string Label, string Short, int Workers, Func<Checksum> Run)> { ("baseline (C# loop)", "baseline", 0, workload.RunBaseline) };
        foreach (var workers in options.Workers)
        {
            plans.Add((EngineLabel(workers), $"{workers}w", workers, () => workload.RunEngine(workers)));
        }

        // Rounds interleave the modes, so that a slow spell of the machine weighs on every mode alike.
        var measured = plans.Select(_ => new List<RunMeasurement>(options.Runs)).ToArray();
        var agreed = plans.Select(_ => true).ToArray();
        for (var round = 0; round < options.Runs; round++)
        {
            output.Write($"  run {round + 1}:");
            for (var m = 0; m < plans.Count; m++)
            {
                var (label, shortLabel, workers, run) = plans[m];
                var measurement = Measurer.Measure(run);
                measured[m].Add(measurement);
                var note = workers > 0 ? Note(workload) : string.Empty;
                agreed[m] &= Verify(workload, $"{label} run {round + 1}{note}", workers, measurement.Checksum, reference, problems);
                output.Write(string.Create(CultureInfo.InvariantCulture, $"  {shortLabel} {measurement.Elapsed.TotalSeconds:0.000}s{note}"));
            }

            output.WriteLine();
        }

        return plans.Select((plan, m) => new ModeResult(plan.Label, plan.Workers, measured[m],
            !agreed[m] ? "MISMATCH" : workload.IsSumOrderDependent(plan.Workers) ? "ok (rows)" : "ok")).ToList();
    }

    private static string Note(IWorkload workload) => workload.LastEngineRunNote is { } note ? $" ({note})" : string.Empty;

    private static string EngineLabel(int workers) => workers == 1 ? "engine 1 worker" : $"engine {workers} workers";

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
        var one = modes.FirstOrDefault(m => m.Workers == 1)?.RecordsPerSecond(workload.Records);
        var two = modes.FirstOrDefault(m => m.Workers == 2)?.RecordsPerSecond(workload.Records);
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

        floors.Add(new FloorResult(
            "engine 2 workers faster than 1",
            one is { } r1 && two is { } r2 ? string.Create(CultureInfo.InvariantCulture, $"{r2 / r1:0.00} x") : "needs --workers 1,2",
            one is { } a && two is { } b ? b > a : null));
        return floors;
    }
}

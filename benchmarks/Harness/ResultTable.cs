using System.Globalization;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>Prints a workload's table, its floors and its problems, and the closing summary of all workloads.</summary>
/// <remarks>
/// Columns: mode; median wall time; median processor time of the process (all threads); input records per second at the median; ratio of the mode's throughput to the
/// baseline's; bytes allocated per input record; gen0/gen1/gen2 collections per run (median); peak RSS (the highest
/// of the runs); the first measured run's checksum (rows, wrapping sum); and whether every run's checksum matched the baseline.
/// With <c>--recovery</c>, a block after the table sets each worker count's runs with the store against those without.
/// A cluster mode's figures other than time add up its processes' own; lines after the table say so and give the bytes
/// the silos sent each other (serialized exchange batches).
/// </remarks>
public static class ResultTable
{
    private const string RowFormat = "{0} {1,9} {2,8} {3,12} {4,7} {5,11} {6,5} {7,5} {8,5} {9,11} {10,12} {11,20}  {12}";

    private const int MinLabelWidth = 20;

    /// <summary>Formats a rate as millions (<c>12.34 M</c>) or thousands.</summary>
    public static string Rate(double perSecond) => perSecond >= 1_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{perSecond / 1_000_000:0.00} M")
        : string.Create(CultureInfo.InvariantCulture, $"{perSecond / 1_000:0.0} k");

    /// <summary>Prints the table of <paramref name="report"/>, then its floors and any mismatches.</summary>
    public static void Print(WorkloadReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var workload = report.Workload;
        var baseline = report.Modes[0].RecordsPerSecond(workload.Records);
        // The labels of --recovery modes are longer than the usual column; the usual table keeps its width.
        var labelWidth = Math.Max(MinLabelWidth, report.Modes.Max(m => m.Label.Length));
        output.WriteLine();
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, RowFormat,
            "mode".PadRight(labelWidth), "median s", "cpu s", "records/s", "ratio", "alloc B/rec", "gen0", "gen1", "gen2", "peak RSS MB", "rows", "sum", "check"));
        foreach (var mode in report.Modes)
        {
            var rate = mode.RecordsPerSecond(workload.Records);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, RowFormat,
                mode.Label.PadRight(labelWidth),
                mode.MedianElapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture),
                mode.MedianCpuTime.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture),
                Rate(rate),
                (rate / baseline).ToString("0.000", CultureInfo.InvariantCulture),
                (mode.MedianAllocatedBytes / workload.Records).ToString("0.0", CultureInfo.InvariantCulture),
                mode.MedianGen0.ToString("0.#", CultureInfo.InvariantCulture),
                mode.MedianGen1.ToString("0.#", CultureInfo.InvariantCulture),
                mode.MedianGen2.ToString("0.#", CultureInfo.InvariantCulture),
                (mode.MaxPeakRssBytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture),
                mode.Checksum.Rows.ToString("N0", CultureInfo.InvariantCulture),
                mode.Checksum.Sum.ToString("N0", CultureInfo.InvariantCulture),
                mode.Verdict));
        }

        if (report.Modes.Any(m => m.Verdict == "ok (rows)"))
        {
            output.WriteLine("  ok (rows): with several workers a key's events reach its owner in thread-timing order, so the sum of running sums varies; rows are compared");
        }

        foreach (var cluster in report.Modes.Where(m => m.IsCluster))
        {
            PrintCluster(report, cluster, output);
        }

        PrintTwoThreads(report, output);

        if (workload.Expected is { } expected)
        {
            output.WriteLine($"  expected (benchmarks.md): {expected}");
        }

        PrintRecovery(report.Recovery, output);

        output.WriteLine("floors:");
        foreach (var floor in report.Floors)
        {
            output.WriteLine($"  {floor.Status,-4}  {floor.Description}: {floor.Actual}");
        }

        foreach (var problem in report.Problems)
        {
            output.WriteLine(problem);
        }
    }

    /// <summary>Prints one line per workload: throughput of each mode, ratios, and the floors' verdicts.</summary>
    public static void PrintSummary(IReadOnlyList<WorkloadReport> reports, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine();
        output.WriteLine("== summary (median records/s; ratio to baseline) ==");
        foreach (var report in reports)
        {
            var records = report.Workload.Records;
            var baseline = report.Modes[0].RecordsPerSecond(records);
            var modes = string.Join("  |  ", report.Modes.Select(m =>
            {
                var rate = m.RecordsPerSecond(records);
                return m.IsBaseline && m.Copies == 1
                    ? $"baseline {Rate(rate)}"
                    : string.Create(CultureInfo.InvariantCulture, $"{m.ShortLabel} {Rate(rate)} ({rate / baseline:0.000})")
                        + (m.MedianTransportBytes is { } bytes ? $" between silos {Megabytes(bytes / m.MedianElapsed.TotalSeconds)} MB/s" : string.Empty);
            }));
            var recovery = report.Recovery.Count == 0 ? string.Empty : "  |  SQLite / none " + string.Join(", ", report.Recovery.Select(c =>
                string.Create(CultureInfo.InvariantCulture, $"{c.Workers}w {c.Ratio:0.000} (store {Megabytes(c.MedianStoreBytes)} MB)")));
            var floors = string.Join(", ", report.Floors.Select(f => f.Status));
            output.WriteLine($"{report.Workload.Title,-22} {modes}{recovery}  |  floors {floors}  |  checksums {(report.ChecksumsOk ? "ok" : "MISMATCH")}");
        }
    }

    /// <summary>Prints, per worker count, throughput with the recovery store over throughput without it, and the store's size after a run.</summary>
    private static void PrintRecovery(IReadOnlyList<RecoveryComparison> comparisons, TextWriter output)
    {
        if (comparisons.Count == 0)
        {
            return;
        }

        output.WriteLine("recovery (records/s with the SQLite store / without; store size after a run, median, and each run's):");
        foreach (var c in comparisons)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {c.Workers}w: {Rate(c.WithRecordsPerSecond)} / {Rate(c.WithoutRecordsPerSecond)} = {c.Ratio:0.000} x; store {Megabytes(c.MedianStoreBytes)} MB (runs: {string.Join(", ", c.StoreBytes.Select(b => Megabytes(b)))})"));
        }
    }

    /// <summary>Prints what a cluster mode's figures are, the bytes its processes sent each other, and its throughput against the same worker count in one process.</summary>
    /// <summary>What two threads of this machine give on the work itself, and how much of it the engine's 2 workers reached.</summary>
    private static void PrintTwoThreads(WorkloadReport report, TextWriter output)
    {
        var records = report.Workload.Records;
        if (report.Modes.FirstOrDefault(m => m.IsBaseline && m.Copies == 2) is not { } loops)
        {
            return;
        }

        var one = report.Modes[0].RecordsPerSecond(records);
        var two = loops.RecordsPerSecond(records);
        var engine = report.Modes.FirstOrDefault(m => m.Workers == 2 && !m.IsCluster && !m.Recovery && !m.Metrics);
        var reached = engine is null ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"; {engine.Label} reached {engine.RecordsPerSecond(records) / one:0.000} x one loop, {engine.RecordsPerSecond(records) / two:0.000} of two loops");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  2 C# loops at once: two threads of this machine do {two / one:0.00} x the work of one on this workload (the most 2 workers can reach){reached}"));
    }

    private static void PrintCluster(WorkloadReport report, ModeResult cluster, TextWriter output)
    {
        var records = report.Workload.Records;
        var bytes = cluster.MedianTransportBytes ?? 0;
        output.WriteLine($"  {cluster.Label}: {cluster.Processes} Orleans silos in this process (Orleans' in-memory transport, batches serialized as between processes)");
        var inProcess = report.Modes.FirstOrDefault(m => !m.IsCluster && !m.Recovery && m.Workers == cluster.Workers);
        var comparison = inProcess is null ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"; records/s {cluster.RecordsPerSecond(records) / inProcess.RecordsPerSecond(records):0.000} x {inProcess.Label} in one process");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  between silos: {Megabytes(bytes / cluster.MedianElapsed.TotalSeconds)} MB/s, {Megabytes(bytes)} MB per run (median; exchange bytes serialized between the silos during the run, runs: {string.Join(", ", cluster.Runs.Select(r => Megabytes(r.TransportBytes ?? 0)))}){comparison}"));
    }

    private static string Megabytes(double bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture);
}

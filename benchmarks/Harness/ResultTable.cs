using System.Globalization;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>Prints a workload's table, its floors and its problems, and the closing summary of all workloads.</summary>
/// <remarks>
/// Columns: mode; median wall time; median processor time of the process (all threads); input records per second at the median; ratio of the mode's throughput to the
/// baseline's; bytes allocated per input record; gen0/gen1/gen2 collections per run (median); peak RSS (the highest
/// of the runs); the first measured run's checksum (rows, wrapping sum); and whether every run's checksum matched the baseline.
/// </remarks>
public static class ResultTable
{
    private const string RowFormat = "{0,-20} {1,9} {2,8} {3,12} {4,7} {5,11} {6,5} {7,5} {8,5} {9,11} {10,12} {11,20}  {12}";

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
        output.WriteLine();
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, RowFormat,
            "mode", "median s", "cpu s", "records/s", "ratio", "alloc B/rec", "gen0", "gen1", "gen2", "peak RSS MB", "rows", "sum", "check"));
        foreach (var mode in report.Modes)
        {
            var rate = mode.RecordsPerSecond(workload.Records);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, RowFormat,
                mode.Label,
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

        if (workload.Expected is { } expected)
        {
            output.WriteLine($"  expected (benchmarks.md): {expected}");
        }

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
                return m.IsBaseline
                    ? $"baseline {Rate(rate)}"
                    : string.Create(CultureInfo.InvariantCulture, $"{m.Workers}w {Rate(rate)} ({rate / baseline:0.000})");
            }));
            var floors = string.Join(", ", report.Floors.Select(f => f.Status));
            output.WriteLine($"{report.Workload.Title,-22} {modes}  |  floors {floors}  |  checksums {(report.ChecksumsOk ? "ok" : "MISMATCH")}");
        }
    }
}

using System.Globalization;
using Orleans.Dataflow.Benchmarks.Harness;

namespace Orleans.Dataflow.Benchmarks.Cluster;

/// <summary>The lines a cluster member writes to standard output for the program that started it: <see cref="Ready"/> once its data is made, then one line per run.</summary>
/// <remarks>
/// A run line is <c>run elapsed_ticks=… cpu_ticks=… allocated=… gen0=… gen1=… gen2=… peak_rss=… rows=… sum=… sent=…</c>:
/// the member's own time, processor time, allocated bytes, collections and peak RSS (bytes) during the run, its
/// sink's share of the checksum, and the bytes it sent to the other processes during the run.
/// </remarks>
public static class ClusterMemberReport
{
    /// <summary>The line a member writes once its data is made and it waits for <see cref="ClusterMember.RunCommand"/>.</summary>
    public const string Ready = "ready";

    private const string RunPrefix = "run";

    /// <summary>The run line of <paramref name="run"/>, whose <see cref="RunMeasurement.TransportBytes"/> is the member's sent bytes.</summary>
    public static string Format(RunMeasurement run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return string.Create(CultureInfo.InvariantCulture,
            $"{RunPrefix} elapsed_ticks={run.Elapsed.Ticks} cpu_ticks={run.CpuTime.Ticks} allocated={run.AllocatedBytes} gen0={run.Gen0} gen1={run.Gen1} gen2={run.Gen2} "
            + $"peak_rss={run.PeakRssBytes} rows={run.Checksum.Rows} sum={run.Checksum.Sum} sent={run.TransportBytes ?? 0}");
    }

    /// <summary>Reads back a line that <see cref="Format"/> wrote.</summary>
    /// <exception cref="FormatException">The line is not a run line, or a figure is missing or not a number.</exception>
    public static RunMeasurement Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is not [RunPrefix, ..])
        {
            throw new FormatException($"a cluster member wrote '{line}' instead of its run line");
        }

        var figures = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var field in fields.Skip(1))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals < 1 || !long.TryParse(field.AsSpan(equals + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"'{field}' in the run line '{line}' is not name=number");
            }

            figures[field[..equals]] = value;
        }

        long Figure(string name) => figures.TryGetValue(name, out var value) ? value : throw new FormatException($"the run line '{line}' has no {name}");
        return new RunMeasurement(
            TimeSpan.FromTicks(Figure("elapsed_ticks")),
            TimeSpan.FromTicks(Figure("cpu_ticks")),
            Figure("allocated"),
            (int)Figure("gen0"),
            (int)Figure("gen1"),
            (int)Figure("gen2"),
            Figure("peak_rss"),
            new Checksum(Figure("rows"), Figure("sum")),
            TransportBytes: Figure("sent"));
    }
}

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>One worker count's engine runs with a listener on the meters against the same runs with nothing listening: the throughput ratio.</summary>
/// <param name="Workers">The worker count of both modes.</param>
/// <param name="WithoutRecordsPerSecond">Input records per second at the median time, nothing listening.</param>
/// <param name="WithRecordsPerSecond">Input records per second at the median time, with the listener.</param>
/// <param name="WithoutCpuTime">The median processor time of a run, nothing listening.</param>
/// <param name="WithCpuTime">The median processor time of a run, with the listener.</param>
public sealed record MetricsComparison(int Workers, double WithoutRecordsPerSecond, double WithRecordsPerSecond, TimeSpan WithoutCpuTime, TimeSpan WithCpuTime)
{
    /// <summary>The least <see cref="Ratio"/> the observability issue accepts: metrics must cost no more than 3 %.</summary>
    public const double MinRatio = 0.97;

    /// <summary>Throughput with the listener over throughput without it: 1 means metrics cost nothing.</summary>
    public double Ratio => WithRecordsPerSecond / WithoutRecordsPerSecond;

    /// <summary>Processor time without the listener over processor time with it: the same cost seen by the CPU, which a machine shared with other work disturbs less than the wall clock.</summary>
    public double CpuRatio => WithoutCpuTime / WithCpuTime;

    /// <summary>Pairs each listened-to mode of <paramref name="modes"/> with the mode of the same worker count that nothing listened to.</summary>
    /// <param name="modes">The measured modes; those without a partner are left out.</param>
    /// <param name="records">The workload's input records, for the rates.</param>
    public static IReadOnlyList<MetricsComparison> Of(IReadOnlyList<ModeResult> modes, long records)
    {
        ArgumentNullException.ThrowIfNull(modes);
        return [.. modes.Where(m => m.Metrics)
            .Select(with => (With: with, Without: modes.FirstOrDefault(m => !m.IsBaseline && !m.Metrics && !m.Recovery && m.Workers == with.Workers)))
            .Where(pair => pair.Without is not null)
            .Select(pair => new MetricsComparison(pair.With.Workers, pair.Without!.RecordsPerSecond(records), pair.With.RecordsPerSecond(records),
                pair.Without.MedianCpuTime, pair.With.MedianCpuTime))];
    }
}

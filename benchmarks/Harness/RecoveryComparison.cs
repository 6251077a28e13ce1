namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>One worker count's engine runs with a SQLite recovery store against the same runs without one: the throughput ratio and the store's size.</summary>
/// <param name="Workers">The worker count of both modes.</param>
/// <param name="WithoutRecordsPerSecond">Input records per second at the median time, without a store.</param>
/// <param name="WithRecordsPerSecond">Input records per second at the median time, with the store.</param>
/// <param name="MedianStoreBytes">The median size of the recovery directory after a run.</param>
/// <param name="StoreBytes">Each measured run's recovery directory size, in run order.</param>
public sealed record RecoveryComparison(int Workers, double WithoutRecordsPerSecond, double WithRecordsPerSecond, double MedianStoreBytes, IReadOnlyList<long> StoreBytes)
{
    /// <summary>The least <see cref="Ratio"/> the recovery issue accepts.</summary>
    public const double MinRatio = 0.8;

    /// <summary>Throughput with the store over throughput without it: 1 means recovery costs nothing.</summary>
    public double Ratio => WithRecordsPerSecond / WithoutRecordsPerSecond;

    /// <summary>Pairs each recovery mode of <paramref name="modes"/> with the mode of the same worker count without a store.</summary>
    /// <param name="modes">The measured modes; those without a partner are left out.</param>
    /// <param name="records">The workload's input records, for the rates.</param>
    public static IReadOnlyList<RecoveryComparison> Of(IReadOnlyList<ModeResult> modes, long records)
    {
        ArgumentNullException.ThrowIfNull(modes);
        var comparisons = new List<RecoveryComparison>();
        foreach (var with in modes.Where(m => m.Recovery))
        {
            if (modes.FirstOrDefault(m => !m.IsBaseline && !m.Recovery && m.Workers == with.Workers) is { } without)
            {
                comparisons.Add(new RecoveryComparison(with.Workers, without.RecordsPerSecond(records), with.RecordsPerSecond(records),
                    with.MedianStoreBytes ?? 0, [.. with.Runs.Select(r => r.StoreBytes ?? 0)]));
            }
        }

        return comparisons;
    }
}

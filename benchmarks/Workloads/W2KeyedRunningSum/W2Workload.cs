using System.Runtime.InteropServices;
using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Benchmarks.Harness;

namespace Orleans.Dataflow.Benchmarks.Workloads.W2KeyedRunningSum;

/// <summary>W2 keyed running sum: (key, value) events, <c>StatefulMap</c> emitting (key, running sum) per event, a sink that counts and sums.</summary>
/// <remarks>
/// Full size is 10 000 000 events (seed 7): 10 000 000 rows, and with one worker (and in the baseline, which reads
/// the events in order) the wrapping sum of emitted sums is 254 759 427 511. With more workers the events of one key
/// reach its owner in an order that depends on thread timing, so only the row count is comparable.
/// </remarks>
public sealed class W2Workload : IWorkload
{
    /// <summary>The number of events at full size.</summary>
    public const long FullCount = 10_000_000;

    /// <summary>The seed of the events.</summary>
    public const ulong Seed = 7;

    private readonly long _count;
    private string[] _keys = [];

    /// <summary>Creates W2 over <paramref name="count"/> events.</summary>
    public W2Workload(long count)
    {
        _count = count;
    }

    /// <inheritdoc/>
    public string Name => "w2";

    /// <inheritdoc/>
    public string Title => "W2 keyed running sum";

    /// <inheritdoc/>
    public string Description => $"{_count:N0} events (seed {Seed}), {KeyedEvents.KeyCount:N0} string keys precomputed; "
        + "source emits (key, value) -> StatefulMap(running sum) -> sink counts rows, sums emitted sums";

    /// <inheritdoc/>
    public long Records => _count;

    /// <inheritdoc/>
    public Checksum? Expected => _count == FullCount ? new Checksum(10_000_000, 254_759_427_511) : null;

    /// <inheritdoc/>
    public FloorSpec Floors { get; } = new(MinRecordsPerSecond: null, MinRatioToBaseline: 0.7, MinTwoWorkerRatioToBaseline: 0.9, MinTwoWorkerSpeedup: 1.5, MinClusterRatioToTwoWorkers: 0.6);

    /// <inheritdoc/>
    public bool IsSumOrderDependent(int workers) => workers > 1;

    /// <inheritdoc/>
    public void Prepare() => _keys = KeyedEvents.KeyStrings();

    /// <inheritdoc/>
    public void Release() => _keys = [];

    /// <inheritdoc/>
    public Checksum RunBaseline()
    {
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        var keys = _keys;
        long rows = 0;
        long sum = 0;
        for (long i = 0; i < _count; i++)
        {
            var (key, value) = KeyedEvents.At(Seed, i, keys);
            ref var running = ref CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _);
            running += value;
            rows++;
            sum = unchecked(sum + running);
        }

        return new Checksum(rows, sum);
    }

    /// <inheritdoc/>
    public Checksum RunEngine(EngineMode mode)
    {
        var totals = new ChecksumTotals();
        var flow = new Dataflow("w2");
        flow.Input("events", new W2Source(Seed, _count, _keys, EngineSettings.SourceBatchSize))
            .StatefulMap<long, long, long>("running_sum", static (sum, value) => (sum + value, sum + value))
            .Output("checksum", new KeyedChecksumSink(totals));
        return EngineRun.Execute(flow, mode, totals);
    }
}

using System.Runtime.InteropServices;
using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Benchmarks.Harness;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Benchmarks.Workloads.W3TumblingWindowCount;

/// <summary>W3 tumbling-window count: timestamped events, <c>CountWindow</c> per key in 60 s tumbling windows on an event clock without wait, a sink that counts and sums the rows.</summary>
/// <remarks>
/// Full size is 10 000 000 events (seed 11), event <c>i</c> at <c>i</c> ms: 10 000 s of event time, so windows 0 … 166
/// (the last one 40 s long) for each of the 1 000 keys, 167 000 <c>(key, window, count)</c> rows whose counts add up
/// to 10 000 000. The sum is <see cref="WindowCountChecksumPartition.RowValue"/> over the rows: 828 345 005 285 938
/// (checked with an independent script). Rows and sum are compared for every worker count. With wait 0 an event that
/// reaches its key after the key's watermark would be late and counted nowhere, so the source is split by key (each
/// key's events stay in timestamp order however many workers read them; each source partition reads only its own
/// events, <see cref="W3Ownership"/>, as a consumer reads its partition of a topic) and the event clock replays: its "system"
/// time is a constant, so the watermark follows the timestamps alone instead of also moving with the wall clock
/// between batches. The engine's late stream is counted and printed beside each run's time, so a mismatch shows its cause.
/// </remarks>
public sealed class W3Workload : IWorkload
{
    /// <summary>The number of events at full size.</summary>
    public const long FullCount = 10_000_000;

    /// <summary>The seed of the events.</summary>
    public const ulong Seed = 11;

    private readonly long _count;
    private readonly Dictionary<int, W3Ownership> _ownerships = [];
    private string[] _keys = [];
    private long? _lastLate;

    /// <summary>Creates W3 over <paramref name="count"/> events.</summary>
    public W3Workload(long count)
    {
        _count = count;
    }

    /// <inheritdoc/>
    public string Name => "w3";

    /// <inheritdoc/>
    public string Title => "W3 tumbling-window count";

    /// <inheritdoc/>
    public string Description => $"{_count:N0} events (seed {Seed}), event i at i ms, {WindowEvents.KeyCount:N0} string keys precomputed; "
        + $"source split by key emits (key, timestamp) -> CountWindow(event clock replaying, wait 0, tumbling {WindowEvents.WindowLength.TotalSeconds:0} s aligned at the epoch) "
        + "-> .Down -> sink counts rows, sums count * (1e6 * window + key + 1)";

    /// <inheritdoc/>
    public long Records => _count;

    /// <inheritdoc/>
    public Checksum? Expected => _count == FullCount ? new Checksum(167_000, 828_345_005_285_938) : null;

    /// <inheritdoc/>
    public FloorSpec Floors { get; } = new(MinRecordsPerSecond: null, MinRatioToBaseline: 0.45, MinTwoWorkerRatioToBaseline: 0.75, MinTwoWorkerSpeedup: 1.5);

    /// <inheritdoc/>
    public bool IsSumOrderDependent(int workers) => false;

    /// <inheritdoc/>
    /// <remarks>How many events the last engine run sent to the late stream: they are in no window's count.</remarks>
    public string? LastEngineRunNote => _lastLate is { } late ? $"late {late:N0}" : null;

    /// <inheritdoc/>
    public void Prepare() => _keys = WindowEvents.KeyStrings();

    /// <inheritdoc/>
    public void Release()
    {
        _keys = [];
        lock (_ownerships)
        {
            _ownerships.Clear();
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Per key: the watermark (the largest timestamp seen, as the wait is 0), the one window that can be open (with
    /// tumbling windows and no wait, the window holding the watermark) and its count. An event of a later window
    /// closes the open one, which emits its row; at the end every key's open window emits. An event before its key's
    /// watermark would be late and uncounted, as in the engine; the events come in timestamp order, so none is.
    /// </remarks>
    public Checksum RunBaseline()
    {
        var windows = new Dictionary<string, OpenWindow>(StringComparer.Ordinal);
        var keys = _keys;
        long rows = 0;
        long sum = 0;
        for (long i = 0; i < _count; i++)
        {
            var (key, timestamp) = WindowEvents.At(Seed, i, keys);
            var ticks = timestamp.UtcTicks;
            var window = WindowEvents.WindowOf(timestamp);
            ref var open = ref CollectionsMarshal.GetValueRefOrAddDefault(windows, key, out var exists);
            if (!exists)
            {
                open = new OpenWindow(ticks, window, 1);
                continue;
            }

            if (ticks < open.Watermark)
            {
                continue;
            }

            open.Watermark = ticks;
            if (window == open.Window)
            {
                open.Count++;
                continue;
            }

            rows++;
            sum = unchecked(sum + WindowCountChecksumPartition.RowValue(key, open.Window, open.Count));
            open.Window = window;
            open.Count = 1;
        }

        foreach (var (key, open) in windows)
        {
            rows++;
            sum = unchecked(sum + WindowCountChecksumPartition.RowValue(key, open.Window, open.Count));
        }

        return new Checksum(rows, sum);
    }

    /// <inheritdoc/>
    public Checksum RunEngine(EngineMode mode)
    {
        var totals = new ChecksumTotals();
        var late = new ChecksumTotals();
        var flow = new Dataflow("w3");
        var counts = flow.Input("events", new W3Source(Seed, _count, _keys, OwnershipFor, EngineSettings.SourceBatchSize))
            .CountWindow("count", new EventClock<WindowEvent>(static e => e.Timestamp, TimeSpan.Zero, nowGetter: static () => DateTimeOffset.UnixEpoch),
                new TumblingWindower(WindowEvents.WindowLength, DateTimeOffset.UnixEpoch), static e => e.Key);
        counts.Down.Output("checksum", new WindowCountChecksumSink(totals));
        counts.Late.Output("late", new RowCountSink<(string Key, (long WindowId, WindowEvent Value) Value)>(late));
        _lastLate = null;
        var checksum = EngineRun.Execute(flow, mode, totals);
        _lastLate = late.Value.Rows;
        return checksum;
    }

    /// <summary>The split of the events over <paramref name="workers"/> source partitions: made by the first run of that worker count, a warm-up run, and kept.</summary>
    private W3Ownership OwnershipFor(int workers)
    {
        lock (_ownerships)
        {
            if (!_ownerships.TryGetValue(workers, out var ownership))
            {
                ownership = W3Ownership.Split(Seed, _count, workers);
                _ownerships.Add(workers, ownership);
            }

            return ownership;
        }
    }

    /// <summary>A key's watermark (ticks), its open window and that window's count so far.</summary>
    private record struct OpenWindow(long Watermark, long Window, long Count);
}

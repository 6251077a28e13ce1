using System.Globalization;
using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Benchmarks.Harness;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>NEXMark q5, hot items: per 10 s window sliding every 2 s, the auctions with the most bids.</summary>
/// <remarks>
/// <para>The engine counts bids per auction with <c>CountWindow</c> (event clock replaying, one watermark per stream moved at 50 ms epochs (1 s with a store), wait 0, sliding windows
/// aligned at the epoch), re-keys the counts by window and folds each window's highest count and its auctions with
/// <c>FoldFinal</c>; ties all count, as in Flink's query. Rows are <c>(window, auction, count)</c>, the sum
/// <c>Mix(Mix(window, auction), count)</c> over them.</para>
/// <para>The source is split by event number, as Flink's datagen source is: each partition's bids are in time order,
/// and the stream watermark is the least of the partitions', so none is late with wait 0 (the late count printed
/// beside each run is 0). The loop sees all bids in time order, so it closes a window once a bid is past it: at most
/// 5 windows are open.</para>
/// </remarks>
public sealed class Q5HotItems(long count) : NexmarkWorkload(count)
{
    /// <summary>The number of events at full size.</summary>
    public const long FullCount = 2_000_000;

    private IdStrings _auctionKeys = IdStrings.Empty;
    private IdStrings _windowKeys = IdStrings.Empty;

    /// <inheritdoc/>
    public override string Name => "q5";

    /// <inheritdoc/>
    public override string Title => "NEXMark q5 hot items";

    /// <inheritdoc/>
    public override string Description => $"{Count:N0} NEXMark events (seed {Seed}), source split by number -> Filter(bid) -> CountWindow(auction, event clock replaying, one watermark per stream moved at 50 ms epochs (1 s with a store), wait 0, "
        + "sliding 10 s every 2 s) -> .Down keyed by window -> FoldFinal(highest count, its auctions) -> FlatMap rows -> sink sums Mix(Mix(window, auction), count)";

    /// <inheritdoc/>
    public override Checksum? Expected => Count == FullCount ? new Checksum(105, 5_019_443_497_372_448) : null;

    /// <inheritdoc/>
    public override FloorSpec Floors { get; } = new(MinRecordsPerSecond: null, MinRatioToBaseline: null, MinTwoWorkerRatioToBaseline: 0.6);

    /// <inheritdoc/>
    public override double FlinkEventsPerCore => 22_100;

    /// <inheritdoc/>
    public override void Prepare()
    {
        _auctionKeys = new IdStrings(NexmarkGenerator.FirstId, NexmarkGenerator.AuctionIdRange(Count));
        var first = NexmarkWindows.FirstWindow(NexmarkGenerator.TimeOf(0).UtcTicks, NexmarkWindows.HotLength, NexmarkWindows.HotSlide);
        var last = NexmarkWindows.LastWindow(NexmarkGenerator.TimeOf(Count).UtcTicks, NexmarkWindows.HotSlide);
        _windowKeys = new IdStrings(first, last - first + 1);
    }

    /// <inheritdoc/>
    public override void Release()
    {
        _auctionKeys = IdStrings.Empty;
        _windowKeys = IdStrings.Empty;
    }

    /// <inheritdoc/>
    public override Checksum RunBaseline()
    {
        var open = new Dictionary<long, Dictionary<long, long>>();
        var spare = new Stack<Dictionary<long, long>>();
        var oldest = long.MaxValue;
        long rows = 0;
        long sum = 0;
        for (long i = 0; i < Count; i++)
        {
            var e = NexmarkGenerator.At(Seed, i);
            if (!e.IsBid)
            {
                continue;
            }

            var ticks = e.Bid.DateTime.UtcTicks;
            var first = NexmarkWindows.FirstWindow(ticks, NexmarkWindows.HotLength, NexmarkWindows.HotSlide);
            var last = NexmarkWindows.LastWindow(ticks, NexmarkWindows.HotSlide);
            for (; oldest < first; oldest++)
            {
                if (open.Remove(oldest, out var closed))
                {
                    Close(oldest, closed, ref rows, ref sum);
                    spare.Push(closed);
                }
            }

            oldest = Math.Min(oldest, first);
            for (var window = first; window <= last; window++)
            {
                if (!open.TryGetValue(window, out var counts))
                {
                    counts = spare.Count > 0 ? spare.Pop() : [];
                    open.Add(window, counts);
                }

                counts[e.Bid.Auction] = counts.GetValueOrDefault(e.Bid.Auction) + 1;
            }
        }

        foreach (var (window, counts) in open)
        {
            Close(window, counts, ref rows, ref sum);
        }

        return new Checksum(rows, sum);
    }

    /// <inheritdoc/>
    public override Checksum RunEngine(EngineMode mode)
    {
        var totals = new ChecksumTotals();
        var late = new ChecksumTotals();
        var auctionKeys = _auctionKeys;
        var windowKeys = _windowKeys;
        var flow = new Dataflow("nexmark_q5");
        var counts = flow.Input("events", new NexmarkSource(Seed, Count, EngineSettings.SourceBatchSize))
            .Filter("bids", static e => e.IsBid)
            .Map("bid", static e => e.Bid)
            .CountWindow("count", ReplayClock<Bid>(static b => b.DateTime, TimeSpan.Zero),
                new SlidingWindower(NexmarkWindows.HotLength, NexmarkWindows.HotSlide, DateTimeOffset.UnixEpoch), b => auctionKeys[b.Auction]);
        counts.Late.Output("late", new RowCountSink<(string Key, (long WindowId, Bid Value) Value)>(late));
        counts.Down
            .Map("by_window", static r => (Window: r.Value.WindowId, Auction: long.Parse(r.Key, NumberStyles.None, CultureInfo.InvariantCulture), Count: r.Value.Value))
            .KeyOn("window", r => windowKeys[r.Window])
            .FoldFinal("hottest", static () => new HotAuctions(), static (hot, r) => hot.Add(r.Window, r.Auction, r.Count))
            .FlatMap("rows", static r => r.Value.Rows())
            .Output("checksum", new ValueChecksumSink<(long Window, long Auction, long Count)>(totals, static r => RowValue(r.Window, r.Auction, r.Count)));
        SetLate(null);
        var checksum = EngineRun.Execute(flow, WithWatermarkEpochs(mode), totals);
        SetLate(late.Value.Rows);
        return checksum;
    }

    private static long RowValue(long window, long auction, long count) => NexmarkChecksum.Mix(NexmarkChecksum.Mix(window, auction), count);

    private static void Close(long window, Dictionary<long, long> counts, ref long rows, ref long sum)
    {
        var highest = counts.Values.Max();
        foreach (var (auction, count) in counts)
        {
            if (count == highest)
            {
                rows++;
                sum = unchecked(sum + RowValue(window, auction, count));
            }
        }

        counts.Clear();
    }
}

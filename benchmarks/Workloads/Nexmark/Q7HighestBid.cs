using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Benchmarks.Harness;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>NEXMark q7, highest bid: per 10 s tumbling window, the bid with the highest price.</summary>
/// <remarks>
/// <para>In two stages, as a parallel global maximum is written: <c>MaxWindow</c> per auction shard (auction modulo
/// 64; event clock replaying, one watermark per stream moved at 50 ms epochs (1 s with a store), wait 0), then the shards' maxima keyed by window and <c>MaxFinal</c>. Of equal prices
/// the earliest bid wins (Flink's query emits every bid at the maximum; no two bids here share a time, so this
/// order is total and the result does not depend on arrival order). Rows are the windows, the sum
/// <c>Mix(window, bid value)</c> over them.</para>
/// <para>Shards rather than auctions key the first stage, so each worker pre-aggregates its bids into at most 64 open
/// windows at a time, where keying by auction would hold a window per auction with bids in it. The source is split by
/// event number, as Flink's datagen source is: each partition's bids are in time order and the stream watermark is
/// the least of the partitions', so none is late with wait 0.</para>
/// </remarks>
public sealed class Q7HighestBid(long count) : NexmarkWorkload(count)
{
    /// <summary>The number of events at full size.</summary>
    public const long FullCount = 2_000_000;

    private IdStrings _shardKeys = IdStrings.Empty;
    private IdStrings _windowKeys = IdStrings.Empty;

    /// <inheritdoc/>
    public override string Name => "q7";

    /// <inheritdoc/>
    public override string Title => "NEXMark q7 highest bid";

    /// <inheritdoc/>
    public override string Description => $"{Count:N0} NEXMark events (seed {Seed}), source split by number -> Filter(bid) -> KeyOn(auction % {NexmarkGenerator.AuctionShards}) "
        + "-> MaxWindow(price, then earliest; event clock replaying, one watermark per stream moved at 50 ms epochs (1 s with a store), wait 0, tumbling 10 s) -> .Down keyed by window -> MaxFinal -> sink sums Mix(window, bid)";

    /// <inheritdoc/>
    public override Checksum? Expected => Count == FullCount ? new Checksum(20, 1_224_217_764_899_114_252) : null;

    /// <inheritdoc/>
    public override FloorSpec Floors { get; } = new(MinRecordsPerSecond: null, MinRatioToBaseline: null, MinTwoWorkerRatioToBaseline: 0.7);

    /// <inheritdoc/>
    public override double FlinkEventsPerCore => 12_300;

    /// <inheritdoc/>
    public override void Prepare()
    {
        _shardKeys = new IdStrings(0, NexmarkGenerator.AuctionShards);
        _windowKeys = new IdStrings(0, NexmarkWindows.LastWindow(NexmarkGenerator.TimeOf(Count).UtcTicks, NexmarkWindows.Tumble) + 1);
    }

    /// <inheritdoc/>
    public override void Release()
    {
        _shardKeys = IdStrings.Empty;
        _windowKeys = IdStrings.Empty;
    }

    /// <inheritdoc/>
    public override Checksum RunBaseline()
    {
        long rows = 0;
        long sum = 0;
        var window = long.MinValue;
        Bid best = default;
        for (long i = 0; i < Count; i++)
        {
            var e = NexmarkGenerator.At(Seed, i);
            if (!e.IsBid)
            {
                continue;
            }

            var bidWindow = NexmarkWindows.LastWindow(e.Bid.DateTime.UtcTicks, NexmarkWindows.Tumble);
            if (bidWindow != window)
            {
                if (window != long.MinValue)
                {
                    rows++;
                    sum = unchecked(sum + RowValue(window, best));
                }

                window = bidWindow;
                best = e.Bid;
            }
            else if (e.Bid.Price > best.Price)
            {
                best = e.Bid;
            }
        }

        if (window != long.MinValue)
        {
            rows++;
            sum = unchecked(sum + RowValue(window, best));
        }

        return new Checksum(rows, sum);
    }

    /// <inheritdoc/>
    public override Checksum RunEngine(EngineMode mode)
    {
        var totals = new ChecksumTotals();
        var late = new ChecksumTotals();
        var shardKeys = _shardKeys;
        var windowKeys = _windowKeys;
        var flow = new Dataflow("nexmark_q7");
        var maxima = flow.Input("events", new NexmarkSource(Seed, Count, EngineSettings.SourceBatchSize))
            .Filter("bids", static e => e.IsBid)
            .Map("bid", static e => e.Bid)
            .KeyOn("shard", b => shardKeys[b.Auction % NexmarkGenerator.AuctionShards])
            .MaxWindow("shard_max", ReplayClock<Bid>(static b => b.DateTime, TimeSpan.Zero),
                new TumblingWindower(NexmarkWindows.Tumble, DateTimeOffset.UnixEpoch), Ranking);
        maxima.Late.Output("late", new RowCountSink<(string Key, (long WindowId, Bid Value) Value)>(late));
        maxima.Down
            .Map("by_window", static r => r.Value)
            .KeyOn("window", r => windowKeys[r.WindowId])
            .MaxFinal("highest", static r => Ranking(r.Value))
            .Output("checksum", new ValueChecksumSink<(string Key, (long WindowId, Bid Value) Value)>(totals, static r => RowValue(r.Value.WindowId, r.Value.Value)));
        SetLate(null);
        var checksum = EngineRun.Execute(flow, WithWatermarkEpochs(mode), totals);
        SetLate(late.Value.Rows);
        return checksum;
    }

    /// <summary>How bids rank: by price, then the earlier the better.</summary>
    private static (long Price, long Earliness) Ranking(Bid bid) => (bid.Price, -bid.DateTime.UtcTicks);

    private static long RowValue(long window, Bid bid) => NexmarkChecksum.Mix(window, NexmarkChecksum.BidValue(bid));
}

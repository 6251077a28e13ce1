using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Benchmarks.Harness;

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>NEXMark q2, selection: the (auction, price) of every bid on an auction whose id is a multiple of 123.</summary>
/// <remarks>Rows are the selected bids, the sum <c>Mix(auction, price)</c> over them.</remarks>
public sealed class Q2Selection(long count) : NexmarkWorkload(count)
{
    /// <summary>The number of events at full size.</summary>
    public const long FullCount = 10_000_000;

    /// <summary>Bids on auctions whose id is a multiple of this are selected (Flink's q2).</summary>
    public const long AuctionModulus = 123;

    /// <inheritdoc/>
    public override string Name => "q2";

    /// <inheritdoc/>
    public override string Title => "NEXMark q2 selection";

    /// <inheritdoc/>
    public override string Description => $"{Count:N0} NEXMark events (seed {Seed}), source split by number -> Filter(bid on an auction id % {AuctionModulus} == 0) "
        + "-> Map((auction, price)) -> sink counts rows, sums Mix(auction, price)";

    /// <inheritdoc/>
    public override Checksum? Expected => Count == FullCount ? new Checksum(74_596, 22_441_487_151_980_559) : null;

    /// <inheritdoc/>
    public override FloorSpec Floors { get; } = new(MinRecordsPerSecond: null, MinRatioToBaseline: null, MinTwoWorkerRatioToBaseline: 0.9);

    /// <inheritdoc/>
    public override double FlinkEventsPerCore => 175_000;

    /// <inheritdoc/>
    public override Checksum RunBaseline()
    {
        long rows = 0;
        long sum = 0;
        for (long i = 0; i < Count; i++)
        {
            var e = NexmarkGenerator.At(Seed, i);
            if (e.IsBid && e.Bid.Auction % AuctionModulus == 0)
            {
                rows++;
                sum = unchecked(sum + NexmarkChecksum.Mix(e.Bid.Auction, e.Bid.Price));
            }
        }

        return new Checksum(rows, sum);
    }

    /// <inheritdoc/>
    public override Checksum RunEngine(EngineMode mode)
    {
        var totals = new ChecksumTotals();
        var flow = new Dataflow("nexmark_q2");
        flow.Input("events", new NexmarkSource(Seed, Count, EngineSettings.SourceBatchSize))
            .Filter("selection", static e => e.IsBid && e.Bid.Auction % AuctionModulus == 0)
            .Map("project", static e => (e.Bid.Auction, e.Bid.Price))
            .Output("checksum", new ValueChecksumSink<(long Auction, long Price)>(totals, static r => NexmarkChecksum.Mix(r.Auction, r.Price)));
        return EngineRun.Execute(flow, mode, totals);
    }
}

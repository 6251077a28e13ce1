using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Benchmarks.Harness;

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>NEXMark q1, currency conversion: every bid with its price converted from dollars to euros.</summary>
/// <remarks>Flink's q1 multiplies by 0.908; here in integer cents, <c>price · 908 / 1000</c> truncated. Rows are the bids, the sum <see cref="NexmarkChecksum.BidValue"/> of the converted bids.</remarks>
public sealed class Q1CurrencyConversion(long count) : NexmarkWorkload(count)
{
    /// <summary>The number of events at full size.</summary>
    public const long FullCount = 10_000_000;

    /// <inheritdoc/>
    public override string Name => "q1";

    /// <inheritdoc/>
    public override string Title => "NEXMark q1 currency conversion";

    /// <inheritdoc/>
    public override string Description => $"{Count:N0} NEXMark events (seed {Seed}), source split by number -> Filter(bid) -> Map(bid with price * 908 / 1000) "
        + "-> sink counts rows, sums a mix of auction, bidder and euro price";

    /// <inheritdoc/>
    public override Checksum? Expected => Count == FullCount ? new Checksum(9_200_000, 5_089_424_123_410_919_360) : null;

    /// <inheritdoc/>
    public override FloorSpec Floors { get; } = new(MinRecordsPerSecond: null, MinRatioToBaseline: null, MinTwoWorkerRatioToBaseline: 0.9);

    /// <inheritdoc/>
    public override double FlinkEventsPerCore => 158_000;

    /// <summary>A dollar price in cents converted to euro cents: <c>price · 908 / 1000</c>, truncated.</summary>
    public static long ToEuros(long dollars) => dollars * 908 / 1000;

    /// <inheritdoc/>
    public override Checksum RunBaseline()
    {
        long rows = 0;
        long sum = 0;
        for (long i = 0; i < Count; i++)
        {
            var e = NexmarkGenerator.At(Seed, i);
            if (!e.IsBid)
            {
                continue;
            }

            rows++;
            sum = unchecked(sum + NexmarkChecksum.BidValue(e.Bid with { Price = ToEuros(e.Bid.Price) }));
        }

        return new Checksum(rows, sum);
    }

    /// <inheritdoc/>
    public override Checksum RunEngine(EngineMode mode)
    {
        var totals = new ChecksumTotals();
        var flow = new Dataflow("nexmark_q1");
        flow.Input("events", new NexmarkSource(Seed, Count, EngineSettings.SourceBatchSize))
            .Filter("bids", static e => e.IsBid)
            .Map("euros", static e => e.Bid with { Price = ToEuros(e.Bid.Price) })
            .Output("checksum", new ValueChecksumSink<Bid>(totals, NexmarkChecksum.BidValue));
        return EngineRun.Execute(flow, mode, totals);
    }
}

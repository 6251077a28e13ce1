using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Benchmarks.Harness;

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>NEXMark q0, pass-through: every event goes through a <c>Map</c> unchanged to the sink; measures the source and the engine's overhead.</summary>
/// <remarks>Rows are the events, the sum <see cref="NexmarkChecksum.EventValue"/> over them.</remarks>
public sealed class Q0PassThrough(long count) : NexmarkWorkload(count)
{
    /// <summary>The number of events at full size.</summary>
    public const long FullCount = 10_000_000;

    /// <inheritdoc/>
    public override string Name => "q0";

    /// <inheritdoc/>
    public override string Title => "NEXMark q0 pass-through";

    /// <inheritdoc/>
    public override string Description => $"{Count:N0} NEXMark events (seed {Seed}, 1 person : 3 auctions : 46 bids, event i at i * 100 us), source split by number "
        + "-> Map(identity) -> sink counts rows, sums a mix of each event's fields";

    /// <inheritdoc/>
    public override Checksum? Expected => Count == FullCount ? new Checksum(10_000_000, -6_117_483_282_306_390_628) : null;

    /// <inheritdoc/>
    public override FloorSpec Floors { get; } = new(MinRecordsPerSecond: null, MinRatioToBaseline: null, MinTwoWorkerRatioToBaseline: 0.9);

    /// <inheritdoc/>
    public override double FlinkEventsPerCore => 155_000;

    /// <inheritdoc/>
    public override Checksum RunBaseline()
    {
        long sum = 0;
        for (long i = 0; i < Count; i++)
        {
            sum = unchecked(sum + NexmarkChecksum.EventValue(NexmarkGenerator.At(Seed, i)));
        }

        return new Checksum(Count, sum);
    }

    /// <inheritdoc/>
    public override Checksum RunEngine(EngineMode mode)
    {
        var totals = new ChecksumTotals();
        var flow = new Dataflow("nexmark_q0");
        flow.Input("events", new NexmarkSource(Seed, Count, EngineSettings.SourceBatchSize))
            .Map("pass", static e => e)
            .Output("checksum", new ValueChecksumSink<NexmarkEvent>(totals, NexmarkChecksum.EventValue));
        return EngineRun.Execute(flow, mode, totals);
    }
}

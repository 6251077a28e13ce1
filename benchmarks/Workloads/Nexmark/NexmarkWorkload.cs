using System.Globalization;
using Orleans.Dataflow.Benchmarks.Harness;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>What the NEXMark queries share: the event stream's seed and size, the late count of the last engine run, and the comparison with Flink's published figures.</summary>
/// <remarks>
/// Throughput counts every generated event, bids or not, as Flink's NEXMark does. The Flink figures are Flink 1.13's
/// per-core throughput from the NEXMark project's published results: 8 cores, RocksDB state, exactly-once
/// checkpoints every 3 min, events from Flink's own datagen source (with NEXMark's padding <c>extra</c> strings,
/// which these events lack).
/// </remarks>
public abstract class NexmarkWorkload : IWorkload
{
    /// <summary>The seed of the event stream, the same for every query.</summary>
    public const ulong Seed = 17;

    private long? _lastLate;

    /// <summary>Creates the query over the first <paramref name="count"/> events.</summary>
    protected NexmarkWorkload(long count)
    {
        Count = count;
    }

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string Title { get; }

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <inheritdoc/>
    public long Records => Count;

    /// <inheritdoc/>
    public abstract Checksum? Expected { get; }

    /// <inheritdoc/>
    public abstract FloorSpec Floors { get; }

    /// <summary>Flink 1.13's published throughput of the query, events per second per core.</summary>
    public abstract double FlinkEventsPerCore { get; }

    /// <inheritdoc/>
    /// <remarks>How many items the last engine run's windows sent to the late stream (none for a stateless query).</remarks>
    public string? LastEngineRunNote => _lastLate is { } late ? $"late {late:N0}" : null;

    /// <summary>The number of events.</summary>
    protected long Count { get; }

    /// <inheritdoc/>
    public bool IsSumOrderDependent(int workers) => false;

    /// <inheritdoc/>
    public virtual void Prepare()
    {
    }

    /// <inheritdoc/>
    public virtual void Release()
    {
    }

    /// <inheritdoc/>
    public abstract Checksum RunBaseline();

    /// <inheritdoc/>
    public abstract Checksum RunEngine(EngineMode mode);

    /// <inheritdoc/>
    /// <remarks>Each engine mode's events/s per worker beside Flink 1.13's per core, and what differs between the two set-ups.</remarks>
    public IEnumerable<string> Epilogue(WorkloadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        yield return string.Create(CultureInfo.InvariantCulture,
            $"beside Flink 1.13 (published NEXMark figures, {ResultTable.Rate(FlinkEventsPerCore)} events/s per core on 8 cores):");
        foreach (var mode in report.Modes.Where(m => !m.IsBaseline))
        {
            var perWorker = mode.RecordsPerSecond(Records) / mode.Workers;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  {mode.Label}: {ResultTable.Rate(perWorker)} events/s per worker = {perWorker / FlinkEventsPerCore:0.00} x Flink's per core");
        }

        yield return "  differs: Flink ran 8 cores with RocksDB state and exactly-once checkpoints every 3 min, events from its datagen source with NEXMark's"
            + " padding strings, over many more events; here the events have no padding and are generated in the process, the sink counts,"
            + " the workers share 2 cores with this process's other threads, and state is snapshotted only with --recovery (1 s epochs, SQLite)";
    }

    /// <summary>Records how many items the engine run just finished sent to its late stream.</summary>
    protected void SetLate(long? late) => _lastLate = late;

    /// <summary>The epoch interval of the windowed queries' runs without a store: a stream watermark moves at epoch boundaries, so 10 s epochs would hold every window of a sub-second run open until its end (as Flink's watermarks move every 200 ms by default).</summary>
    protected static readonly TimeSpan WatermarkEpochInterval = TimeSpan.FromMilliseconds(50);

    /// <summary><paramref name="mode"/> with epochs of <see cref="WatermarkEpochInterval"/>, unless it has a store (whose 1 s epochs it keeps).</summary>
    protected static EngineMode WithWatermarkEpochs(EngineMode mode)
        => mode.Recovery is null ? mode with { EpochInterval = WatermarkEpochInterval } : mode;

    /// <summary>The event clock of the windowed queries: reads <paramref name="timestamp"/>, waits <paramref name="wait"/>, and replays (its "system" time is a constant, so the watermark follows the timestamps alone).</summary>
    /// <remarks>
    /// One watermark for the stream (<see cref="WatermarkScope.PerStream"/>), as Flink's: an auction's windows close
    /// when event time passes them everywhere, not when that auction gets its next bid. With per-key watermarks every
    /// short-lived auction kept its windows open until the end of input.
    /// </remarks>
    protected static EventClock<T> ReplayClock<T>(Func<T, DateTimeOffset> timestamp, TimeSpan wait)
        => new(timestamp, wait, nowGetter: static () => DateTimeOffset.UnixEpoch, scope: WatermarkScope.PerStream);
}

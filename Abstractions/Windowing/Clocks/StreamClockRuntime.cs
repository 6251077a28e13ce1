namespace Orleans.Dataflow.Windowing;

/// <summary>The event clock of a windowing operator under a stream watermark: every key's watermark is the one the operator was last given.</summary>
/// <remarks>
/// A key keeps no clock state (its snapshot is empty): the watermark belongs to the step, which the engine moves
/// (<see cref="Plan.KeyedLogic{TValue,TOut,TSlot,TState}.OnStreamWatermark"/>) and snapshots. Wake-up times are event
/// times: the operator's timers fire when the stream watermark reaches them, so <see cref="ToSystemTicks"/> maps a
/// time to itself.
/// </remarks>
internal sealed class StreamClockRuntime<TValue>(Func<TValue, DateTimeOffset> timestampOf) : ClockRuntime<TValue>
{
    /// <summary>The stream watermark in UTC ticks; it never goes back.</summary>
    public long Watermark { get; private set; } = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>Moves the stream watermark to <paramref name="ticks"/> if that is later.</summary>
    public void Advance(long ticks)
    {
        if (ticks > Watermark)
        {
            Watermark = ticks;
        }
    }

    public override void Start(ref KeyClockState state, byte[]? resumeState)
    {
    }

    public override long OnItemTicks(ref KeyClockState state, TValue value, long nowTicks, out long watermarkTicks)
    {
        watermarkTicks = Watermark;
        return timestampOf(value).UtcTicks;
    }

    public override DateTimeOffset OnNotify(ref KeyClockState state, DateTimeOffset now) => TimeMath.Utc(Watermark);

    public override DateTimeOffset OnEof(ref KeyClockState state) => DateTimeOffset.MaxValue;

    public override DateTimeOffset? ToSystemTime(ref KeyClockState state, DateTimeOffset timestamp) => timestamp;

    public override long ToSystemTicks(ref KeyClockState state, long ticks) => ticks;

    public override byte[] Snapshot(ref KeyClockState state) => [];
}

namespace Orleans.Dataflow.Windowing;

/// <summary>A clock that stamps every item with the system time it is processed at; the watermark is that time.</summary>
/// <remarks>
/// No item is ever late. A window closes as soon as the system time passes its close, whether or not items arrive:
/// the operator wakes for it. The system time is the run's clock, read once per batch. At EOF every window closes.
/// Its snapshot is empty: after a restart, the time is simply the new system time.
/// </remarks>
/// <typeparam name="TValue">The values of the windowed stream; the clock does not look at them.</typeparam>
public sealed class SystemClock<TValue> : Clock<TValue>
{
    internal override ClockRuntime<TValue> Runtime() => new SystemClockRuntime<TValue>();
}

/// <summary>The system clock of a windowing operator: timestamp and watermark are both the batch's system time; a key's clock keeps nothing.</summary>
internal sealed class SystemClockRuntime<TValue> : ClockRuntime<TValue>
{
    public override void Start(ref KeyClockState state, byte[]? resumeState)
    {
    }

    public override long OnItemTicks(ref KeyClockState state, TValue value, long nowTicks, out long watermarkTicks)
    {
        watermarkTicks = nowTicks;
        return nowTicks;
    }

    public override DateTimeOffset OnNotify(ref KeyClockState state, DateTimeOffset now) => now;

    public override DateTimeOffset OnEof(ref KeyClockState state) => DateTimeOffset.MaxValue;

    public override DateTimeOffset? ToSystemTime(ref KeyClockState state, DateTimeOffset timestamp) => timestamp;

    public override long ToSystemTicks(ref KeyClockState state, long ticks) => ticks;

    public override byte[] Snapshot(ref KeyClockState state) => [];
}

namespace Orleans.Dataflow.Windowing;

/// <summary>The event clock of a windowing operator (Bytewax's event clock logic), over each key's <see cref="KeyClockState"/>.</summary>
/// <remarks>
/// The system time a key has seen never goes back, so a clock stepping backwards (NTP) holds the watermark still
/// rather than moving it back. Before the first item the watermark is the earliest time, so the first item is never
/// late. The "system" time comes from the operator: the run's clock, or the clock's <c>nowGetter</c>, read once per
/// batch as Bytewax reads it. Times are kept as UTC ticks: this runs once per item, and tick arithmetic is what the hot path can afford.
/// </remarks>
internal sealed class EventClockRuntime<TValue>(EventClock<TValue> clock) : ClockRuntime<TValue>
{
    private static readonly long _minTicks = DateTimeOffset.MinValue.UtcTicks;
    private static readonly long _maxTicks = DateTimeOffset.MaxValue.UtcTicks;
    private readonly Func<TValue, DateTimeOffset> _timestampOf = clock.TimestampGetter;
    private readonly long _wait = clock.WaitForSystemDuration.Ticks;
    private readonly Func<DateTimeOffset, DateTimeOffset?>? _toSystemTime = clock.ToSystemTime;

    public override void Start(ref KeyClockState state, byte[]? resumeState)
    {
        var resumed = resumeState is null ? (EventClockState?)null : EventClockState.Read(resumeState);
        state.SystemNow = _minTicks;
        state.SystemTimeOfMax = resumed?.SystemTimeOfMax.UtcTicks ?? _minTicks;
        state.WatermarkBase = resumed?.WatermarkBase.UtcTicks ?? _minTicks;
        state.SeenItem = resumed is not null;
    }

    public override long OnItemTicks(ref KeyClockState state, TValue value, long nowTicks, out long watermarkTicks)
    {
        Advance(ref state, nowTicks);
        if (!state.SeenItem)
        {
            state.SeenItem = true;
            state.SystemTimeOfMax = state.SystemNow;
        }

        var ticks = _timestampOf(value).UtcTicks;
        var watermark = Watermark(ref state);
        if (ticks - _minTicks >= _wait && ticks - _wait > watermark)
        {
            state.WatermarkBase = ticks - _wait;
            state.SystemTimeOfMax = state.SystemNow;
            watermark = state.WatermarkBase;
        }

        watermarkTicks = watermark;
        return ticks;
    }

    public override DateTimeOffset OnNotify(ref KeyClockState state, DateTimeOffset now)
    {
        Advance(ref state, now.UtcTicks);
        return state.SeenItem ? TimeMath.Utc(Watermark(ref state)) : DateTimeOffset.MinValue;
    }

    public override DateTimeOffset OnEof(ref KeyClockState state) => DateTimeOffset.MaxValue;

    public override DateTimeOffset? ToSystemTime(ref KeyClockState state, DateTimeOffset timestamp)
    {
        if (_toSystemTime is not null)
        {
            return _toSystemTime(timestamp);
        }

        return state.SeenItem ? TimeMath.Utc(Saturate(state.SystemTimeOfMax, timestamp.UtcTicks - state.WatermarkBase)) : null;
    }

    public override long ToSystemTicks(ref KeyClockState state, long ticks) =>
        _toSystemTime is not null ? base.ToSystemTicks(ref state, ticks)
        : state.SeenItem ? Saturate(state.SystemTimeOfMax, ticks - state.WatermarkBase)
        : long.MaxValue;

    public override byte[] Snapshot(ref KeyClockState state) =>
        new EventClockState(TimeMath.Utc(state.SystemTimeOfMax), TimeMath.Utc(state.WatermarkBase)).ToBytes();

    /// <summary><paramref name="ticks"/> + <paramref name="delta"/>, held within the representable times.</summary>
    private static long Saturate(long ticks, long delta) =>
        delta >= 0 ? (ticks > _maxTicks - delta ? _maxTicks : ticks + delta)
        : (ticks < _minTicks - delta ? _minTicks : ticks + delta);

    private static void Advance(ref KeyClockState state, long nowTicks)
    {
        if (nowTicks > state.SystemNow)
        {
            state.SystemNow = nowTicks;
        }
    }

    private static long Watermark(ref KeyClockState state) => Saturate(state.WatermarkBase, state.SystemNow - state.SystemTimeOfMax);
}

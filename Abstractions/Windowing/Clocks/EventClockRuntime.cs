namespace Orleans.Dataflow.Windowing;

/// <summary>The event clock of one key (Bytewax's event clock logic).</summary>
/// <remarks>
/// The system time it has seen never goes back, so a clock stepping backwards (NTP) holds the watermark still
/// rather than moving it back. Before the first item the watermark is the earliest time, so the first item is never
/// late. The "system" time comes from the operator: the run's clock, or the clock's <c>nowGetter</c>, read once per
/// batch as Bytewax reads it. Times are kept as UTC ticks: this runs once per item, and tick arithmetic is what the hot path can afford.
/// </remarks>
internal sealed class EventClockRuntime<TValue> : ClockRuntime<TValue>
{
    private static readonly long _minTicks = DateTimeOffset.MinValue.UtcTicks;
    private static readonly long _maxTicks = DateTimeOffset.MaxValue.UtcTicks;
    private readonly Func<TValue, DateTimeOffset> _timestampOf;
    private readonly long _wait;
    private readonly Func<DateTimeOffset, DateTimeOffset?>? _toSystemTime;
    private long _systemTimeOfMax;
    private long _watermarkBase;
    private long _systemNow = _minTicks;
    private bool _seenItem;

    public EventClockRuntime(EventClock<TValue> clock, EventClockState? resumed)
    {
        _timestampOf = clock.TimestampGetter;
        _wait = clock.WaitForSystemDuration.Ticks;
        _toSystemTime = clock.ToSystemTime;
        _systemTimeOfMax = resumed?.SystemTimeOfMax.UtcTicks ?? _minTicks;
        _watermarkBase = resumed?.WatermarkBase.UtcTicks ?? _minTicks;
        _seenItem = resumed is not null;
    }

    public override long OnItemTicks(TValue value, long nowTicks, out long watermarkTicks)
    {
        Advance(nowTicks);
        if (!_seenItem)
        {
            _seenItem = true;
            _systemTimeOfMax = _systemNow;
        }

        var ticks = _timestampOf(value).UtcTicks;
        var watermark = Watermark();
        if (ticks - _minTicks >= _wait && ticks - _wait > watermark)
        {
            _watermarkBase = ticks - _wait;
            _systemTimeOfMax = _systemNow;
            watermark = _watermarkBase;
        }

        watermarkTicks = watermark;
        return ticks;
    }

    public override DateTimeOffset OnNotify(DateTimeOffset now)
    {
        Advance(now.UtcTicks);
        return _seenItem ? new DateTimeOffset(Watermark(), TimeSpan.Zero) : DateTimeOffset.MinValue;
    }

    public override DateTimeOffset OnEof() => DateTimeOffset.MaxValue;

    public override DateTimeOffset? ToSystemTime(DateTimeOffset timestamp)
    {
        if (_toSystemTime is not null)
        {
            return _toSystemTime(timestamp);
        }

        return _seenItem ? new DateTimeOffset(Saturate(_systemTimeOfMax, timestamp.UtcTicks - _watermarkBase), TimeSpan.Zero) : null;
    }

    public override long ToSystemTicks(long ticks) =>
        _toSystemTime is not null ? base.ToSystemTicks(ticks)
        : _seenItem ? Saturate(_systemTimeOfMax, ticks - _watermarkBase)
        : long.MaxValue;

    public override byte[] Snapshot() =>
        new EventClockState(TimeMath.Utc(_systemTimeOfMax), TimeMath.Utc(_watermarkBase)).ToBytes();

    /// <summary><paramref name="ticks"/> + <paramref name="delta"/>, held within the representable times.</summary>
    private static long Saturate(long ticks, long delta) =>
        delta >= 0 ? (ticks > _maxTicks - delta ? _maxTicks : ticks + delta)
        : (ticks < _minTicks - delta ? _minTicks : ticks + delta);

    private void Advance(long nowTicks)
    {
        if (nowTicks > _systemNow)
        {
            _systemNow = nowTicks;
        }
    }

    private long Watermark() => Saturate(_watermarkBase, _systemNow - _systemTimeOfMax);
}

namespace Orleans.Dataflow.Windowing;

/// <summary>The event clock of one key (Bytewax's event clock logic).</summary>
/// <remarks>
/// The system time it has seen never goes back, so a clock stepping backwards (NTP) holds the watermark still
/// rather than moving it back. Before the first item the watermark is the earliest time, so the first item is never late.
/// </remarks>
internal sealed class EventClockRuntime<TValue> : ClockRuntime<TValue>
{
    private readonly Func<TValue, DateTimeOffset> _timestampOf;
    private readonly TimeSpan _wait;
    private readonly Func<DateTimeOffset, DateTimeOffset?>? _toSystemTime;
    private DateTimeOffset _systemTimeOfMax;
    private DateTimeOffset _watermarkBase;
    private DateTimeOffset _systemNow = DateTimeOffset.MinValue;
    private bool _seenItem;

    public EventClockRuntime(EventClock<TValue> clock, EventClockState? resumed)
    {
        _timestampOf = clock.TimestampGetter;
        _wait = clock.WaitForSystemDuration;
        _toSystemTime = clock.ToSystemTime;
        _systemTimeOfMax = resumed?.SystemTimeOfMax ?? DateTimeOffset.MinValue;
        _watermarkBase = resumed?.WatermarkBase ?? DateTimeOffset.MinValue;
        _seenItem = resumed is not null;
    }

    public override (DateTimeOffset Timestamp, DateTimeOffset Watermark) OnItem(TValue value, DateTimeOffset now)
    {
        Advance(now);
        if (!_seenItem)
        {
            _seenItem = true;
            _systemTimeOfMax = _systemNow;
        }

        var timestamp = _timestampOf(value);
        var watermark = Watermark();
        if (TimeMath.TrySubtract(timestamp, _wait) is { } candidate && candidate > watermark)
        {
            _watermarkBase = candidate;
            _systemTimeOfMax = _systemNow;
            return (timestamp, candidate);
        }

        return (timestamp, watermark);
    }

    public override DateTimeOffset OnNotify(DateTimeOffset now)
    {
        Advance(now);
        return _seenItem ? Watermark() : DateTimeOffset.MinValue;
    }

    public override DateTimeOffset OnEof() => DateTimeOffset.MaxValue;

    public override DateTimeOffset? ToSystemTime(DateTimeOffset timestamp)
    {
        if (_toSystemTime is not null)
        {
            return _toSystemTime(timestamp);
        }

        return _seenItem ? TimeMath.Add(_systemTimeOfMax, timestamp - _watermarkBase) : null;
    }

    public override byte[] Snapshot() => new EventClockState(_systemTimeOfMax, _watermarkBase).ToBytes();

    private void Advance(DateTimeOffset now)
    {
        if (now > _systemNow)
        {
            _systemNow = now;
        }
    }

    private DateTimeOffset Watermark() => TimeMath.Add(_watermarkBase, _systemNow - _systemTimeOfMax);
}

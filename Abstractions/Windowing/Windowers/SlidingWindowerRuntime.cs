namespace Orleans.Dataflow.Windowing;

/// <summary>The open sliding (or tumbling) windows of one key: their ids in ascending order, as bounds are computed from the id.</summary>
/// <remarks>
/// A window's close grows with its id, so the windows a watermark closes are always the first ones: closing takes a
/// prefix, and the earliest close is the first id's. One small array per key, sized for the windows an item falls
/// in, and metadata made only when a window closes and the operator asks for it: this runs at every window boundary
/// of every key.
/// </remarks>
internal sealed class SlidingWindowerRuntime : WindowerRuntime
{
    private readonly long _length;
    private readonly long _offset;
    private readonly long _align;
    private long[] _open;
    private int _count;
    private long _lastOpened = long.MinValue;
    private long _lastOpenTicks = long.MaxValue;
    private long _lastCloseTicks = long.MinValue;

    public SlidingWindowerRuntime(TimeSpan length, TimeSpan offset, DateTimeOffset alignTo, IEnumerable<long>? resumed)
    {
        _length = length.Ticks;
        _offset = offset.Ticks;
        _align = alignTo.UtcTicks;
        _open = resumed is null ? new long[TypicalOpenCount] : [.. resumed.Order()];
        _count = resumed is null ? 0 : _open.Length;
    }

    /// <summary>Empty when no window is open; with gaps between windows never, as an item in a gap opens none and the key must keep its watermark.</summary>
    public override bool IsEmpty => _count == 0 && _offset <= _length;

    public override bool Merges => false;

    /// <summary>Empties the windower unless its array of open windows grew past the usual size (which is then not kept).</summary>
    public override bool TryReset()
    {
        if (_open.Length > TypicalOpenCount)
        {
            return false;
        }

        _count = 0;
        ForgetLastOpened();
        return true;
    }

    /// <summary>The windows an item falls in, and one more: the next window opens before the watermark closes the first.</summary>
    public override int TypicalOpenCount => (int)Math.Min(64, (_length / _offset) + (_length % _offset == 0 ? 1 : 2));

    public override long EarliestCloseTicks => _count == 0 ? long.MaxValue : CloseTicks(_open[0]);

    public override long NotifyAtTicks => EarliestCloseTicks;

    public override bool TryOpenSingle(long ticks, out long windowId, out long openTicks, out long closeTicks)
    {
        if (_length != _offset)
        {
            return base.TryOpenSingle(ticks, out windowId, out openTicks, out closeTicks);
        }

        windowId = OpenTumbling(ticks);
        openTicks = _lastOpenTicks;
        closeTicks = _lastCloseTicks;
        return true;
    }

    public override bool TryOpenRange(long ticks, out long firstId, out long lastId, out long fromTicks, out long untilTicks)
    {
        var sinceOrigin = ticks - _align;
        var lastStarted = TimeMath.FloorDiv(sinceOrigin, _offset);
        var lastEnded = TimeMath.FloorDiv(sinceOrigin - _length, _offset);
        (firstId, lastId) = (lastEnded + 1, lastStarted);
        for (var id = firstId; id <= lastId; id++)
        {
            Open(id);
        }

        // The windows an item is in change where one starts or one ends: between the latest of each at or before the
        // item and the earliest of each after it, every item is in the same ones.
        fromTicks = Math.Max(OpenTicks(lastStarted), CloseTicks(lastEnded));
        untilTicks = Math.Min(OpenTicks(lastStarted + 1), CloseTicks(lastEnded + 1));
        return true;
    }

    public override void OpenFor(DateTimeOffset timestamp, List<long> windowIds)
    {
        if (_length == _offset)
        {
            windowIds.Add(OpenTumbling(timestamp.UtcTicks));
            return;
        }

        var (first, last) = Intersecting(timestamp);
        for (var id = first; id <= last; id++)
        {
            Open(id);
            windowIds.Add(id);
        }
    }

    public override void LateFor(DateTimeOffset timestamp, List<long> windowIds)
    {
        var (first, last) = Intersecting(timestamp);
        for (var id = first; id <= last; id++)
        {
            windowIds.Add(id);
        }
    }

    public override void TakeMerged(List<(long Original, long Target)> merges)
    {
    }

    public override void CloseFor(DateTimeOffset watermark, List<(long WindowId, WindowMetadata Metadata)> closed)
    {
        var closing = Closing(watermark.UtcTicks);
        for (var i = 0; i < closing; i++)
        {
            closed.Add((_open[i], MetadataOf(_open[i])));
        }

        Drop(closing);
    }

    public override void CloseIdsFor(DateTimeOffset watermark, List<(long WindowId, WindowMetadata Metadata)> closed, List<long> closedIds)
    {
        var closing = Closing(watermark.UtcTicks);
        for (var i = 0; i < closing; i++)
        {
            closedIds.Add(_open[i]);
        }

        Drop(closing);
    }

    public override DateTimeOffset? NotifyAt() => _count == 0 ? null : TimeMath.Utc(EarliestCloseTicks);

    public override byte[] Snapshot()
    {
        var open = new Dictionary<long, WindowMetadata>(_count);
        for (var i = 0; i < _count; i++)
        {
            open[_open[i]] = MetadataOf(_open[i]);
        }

        return WindowStateFormat.WriteSliding(open);
    }

    /// <summary>How many of the first open windows close at <paramref name="watermarkTicks"/>.</summary>
    private int Closing(long watermarkTicks)
    {
        var closing = 0;
        while (closing < _count && CloseTicks(_open[closing]) <= watermarkTicks)
        {
            closing++;
        }

        return closing;
    }

    /// <summary>Forgets the first <paramref name="closing"/> open windows, which have closed.</summary>
    private void Drop(int closing)
    {
        if (closing == 0)
        {
            return;
        }

        if (_lastOpened != long.MinValue && Array.IndexOf(_open, _lastOpened, 0, closing) >= 0)
        {
            ForgetLastOpened();
        }

        Array.Copy(_open, closing, _open, 0, _count - closing);
        _count -= closing;
    }

    /// <summary>Opens the one window of a tumbling windower; consecutive items of a key mostly fall in the window the last one opened.</summary>
    private long OpenTumbling(long ticks)
    {
        if (ticks >= _lastOpenTicks && ticks < _lastCloseTicks)
        {
            return _lastOpened;
        }

        var id = TimeMath.FloorDiv(ticks - _align, _offset);
        if (id != _lastOpened)
        {
            Open(id);
            _lastOpened = id;
            _lastOpenTicks = OpenTicks(id);
            _lastCloseTicks = CloseTicks(id);
        }

        return id;
    }

    /// <summary>Adds <paramref name="id"/> to the open windows, keeping them in order; a later window (the usual case) is appended.</summary>
    private void Open(long id)
    {
        var at = _count > 0 && id > _open[_count - 1] ? _count : Array.BinarySearch(_open, 0, _count, id);
        if (at >= 0 && at < _count)
        {
            return;
        }

        at = at < 0 ? ~at : at;
        if (_count == _open.Length)
        {
            Array.Resize(ref _open, Math.Max(2, _open.Length * 2));
        }

        Array.Copy(_open, at, _open, at + 1, _count - at);
        _open[at] = id;
        _count++;
    }

    /// <summary>The first and last id of the windows containing <paramref name="timestamp"/>; first &gt; last when it is in a gap.</summary>
    private (long First, long Last) Intersecting(DateTimeOffset timestamp)
    {
        var sinceOrigin = timestamp.UtcTicks - _align;
        return (TimeMath.FloorDiv(sinceOrigin - _length, _offset) + 1, TimeMath.FloorDiv(sinceOrigin, _offset));
    }

    private void ForgetLastOpened()
    {
        _lastOpened = long.MinValue;
        _lastOpenTicks = long.MaxValue;
        _lastCloseTicks = long.MinValue;
    }

    private long OpenTicks(long id) => TimeMath.Clamp(_align + (id * _offset));

    private long CloseTicks(long id) => TimeMath.AddTicks(OpenTicks(id), _length);

    private WindowMetadata MetadataOf(long id) => new(TimeMath.Utc(OpenTicks(id)), TimeMath.Utc(CloseTicks(id)));
}

using System.Runtime.InteropServices;

namespace Orleans.Dataflow.Windowing;

/// <summary>The open sliding (or tumbling) windows of one key; window bounds are computed from the id, so only open windows are kept.</summary>
internal sealed class SlidingWindowerRuntime : WindowerRuntime
{
    private readonly long _length;
    private readonly long _offset;
    private readonly long _align;
    private readonly Dictionary<long, WindowMetadata> _open;
    private readonly List<long> _closing = [];
    private long _earliestClose = long.MaxValue;
    private long _lastOpened = long.MinValue;
    private long _lastOpenTicks = long.MaxValue;
    private long _lastCloseTicks = long.MinValue;

    public SlidingWindowerRuntime(TimeSpan length, TimeSpan offset, DateTimeOffset alignTo, Dictionary<long, WindowMetadata>? resumed)
    {
        _length = length.Ticks;
        _offset = offset.Ticks;
        _align = alignTo.UtcTicks;
        _open = resumed ?? [];
        _earliestClose = EarliestClose();
    }

    /// <summary>Empty when no window is open; with gaps between windows never, as an item in a gap opens none and the key must keep its watermark.</summary>
    public override bool IsEmpty => _open.Count == 0 && _offset <= _length;

    public override bool Merges => false;

    public override long EarliestCloseTicks => _earliestClose;

    public override long NotifyAtTicks => _earliestClose;

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
            ref var meta = ref CollectionsMarshal.GetValueRefOrAddDefault(_open, id, out var exists);
            if (!exists)
            {
                meta = MetadataOf(id);
                _earliestClose = Math.Min(_earliestClose, meta.CloseTime.UtcTicks);
            }

            windowIds.Add(id);
        }
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
            ref var meta = ref CollectionsMarshal.GetValueRefOrAddDefault(_open, id, out var exists);
            if (!exists)
            {
                meta = MetadataOf(id);
                _earliestClose = Math.Min(_earliestClose, meta.CloseTime.UtcTicks);
            }

            _lastOpened = id;
            _lastOpenTicks = meta!.OpenTime.UtcTicks;
            _lastCloseTicks = meta.CloseTime.UtcTicks;
        }

        return id;
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
        if (_earliestClose > watermark.UtcTicks)
        {
            return;
        }

        _closing.Clear();
        foreach (var (id, meta) in _open)
        {
            if (meta.CloseTime <= watermark)
            {
                _closing.Add(id);
            }
        }

        _closing.Sort();
        foreach (var id in _closing)
        {
            if (id == _lastOpened)
            {
                ForgetLastOpened();
            }

            _open.Remove(id, out var meta);
            closed.Add((id, meta!));
        }

        _earliestClose = EarliestClose();
    }

    public override DateTimeOffset? NotifyAt() => _earliestClose == long.MaxValue ? null : TimeMath.Utc(_earliestClose);

    public override byte[] Snapshot() => WindowStateFormat.WriteSliding(_open);

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

    private WindowMetadata MetadataOf(long id)
    {
        var open = TimeMath.Utc(_align + (id * _offset));
        return new WindowMetadata(open, TimeMath.Add(open, TimeSpan.FromTicks(_length)));
    }

    private long EarliestClose()
    {
        var earliest = long.MaxValue;
        foreach (var meta in _open.Values)
        {
            earliest = Math.Min(earliest, meta.CloseTime.UtcTicks);
        }

        return earliest;
    }
}

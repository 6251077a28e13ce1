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
    private DateTimeOffset? _earliestClose;

    public SlidingWindowerRuntime(TimeSpan length, TimeSpan offset, DateTimeOffset alignTo, Dictionary<long, WindowMetadata>? resumed)
    {
        _length = length.Ticks;
        _offset = offset.Ticks;
        _align = alignTo.UtcTicks;
        _open = resumed ?? [];
        _earliestClose = EarliestClose();
    }

    public override bool IsEmpty => _open.Count == 0;

    public override void OpenFor(DateTimeOffset timestamp, List<long> windowIds)
    {
        var (first, last) = Intersecting(timestamp);
        for (var id = first; id <= last; id++)
        {
            ref var meta = ref CollectionsMarshal.GetValueRefOrAddDefault(_open, id, out var exists);
            if (!exists)
            {
                meta = MetadataOf(id);
                if (_earliestClose is not { } earliest || meta.CloseTime < earliest)
                {
                    _earliestClose = meta.CloseTime;
                }
            }

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
        if (_earliestClose is not { } earliest || earliest > watermark)
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
            _open.Remove(id, out var meta);
            closed.Add((id, meta!));
        }

        _earliestClose = EarliestClose();
    }

    public override DateTimeOffset? NotifyAt() => _earliestClose;

    public override byte[] Snapshot() => WindowStateFormat.WriteSliding(_open);

    /// <summary>The first and last id of the windows containing <paramref name="timestamp"/>; first &gt; last when it is in a gap.</summary>
    private (long First, long Last) Intersecting(DateTimeOffset timestamp)
    {
        var sinceOrigin = timestamp.UtcTicks - _align;
        return (TimeMath.FloorDiv(sinceOrigin - _length, _offset) + 1, TimeMath.FloorDiv(sinceOrigin, _offset));
    }

    private WindowMetadata MetadataOf(long id)
    {
        var open = TimeMath.Utc(_align + (id * _offset));
        return new WindowMetadata(open, TimeMath.Add(open, TimeSpan.FromTicks(_length)));
    }

    private DateTimeOffset? EarliestClose()
    {
        DateTimeOffset? earliest = null;
        foreach (var meta in _open.Values)
        {
            if (earliest is not { } e || meta.CloseTime < e)
            {
                earliest = meta.CloseTime;
            }
        }

        return earliest;
    }
}

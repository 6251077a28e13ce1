namespace Orleans.Dataflow.Windowing;

/// <summary>The windower, queue and run of slots of keys a window operator dropped, and the emptied slots of windows that closed, kept for the keys and windows it makes next.</summary>
/// <remarks>
/// With short-lived keys (an auction's bids, a person's first auctions) a window operator drops a key as soon as its
/// windows close and makes new ones at the same rate: each used to cost a windower, its array of open windows, a queue
/// and a run array, all garbage a few epochs later. Emptied parts are kept here, up to <see cref="MaxKept"/> of each
/// and none larger than <see cref="MaxLength"/>, so a burst of keys or one huge queue is not held for good. Nothing
/// kept is in a snapshot: a key's snapshot copies its queue and writes its windower to bytes. A window join's slot
/// (its lists of values per side, q8's new persons and their auctions) is kept once its window closed and emitted:
/// made anew for every window, those lists lived across many epochs, and the garbage collector's work on them was
/// most of the fifth of q8's worker time spent in the runtime's native code. A closed window's slot is in no key's
/// state any more, and a snapshot that shares a slot's values is serialized when its epoch closes, before the
/// operator takes another item.
/// </remarks>
internal sealed class RecycledKeyParts<TValue, TSlot>
{
    /// <summary>The most parts of each kind kept.</summary>
    public const int MaxKept = 16384;

    /// <summary>The longest queue or run array kept.</summary>
    public const int MaxLength = 16;

    private readonly Stack<WindowerRuntime> _windowers = new();
    private readonly Stack<List<(TValue Value, long Ticks)>> _queues = new();
    private readonly Stack<TSlot[]> _runs = new();
    private readonly Stack<TSlot> _slots = new();

    /// <summary>A dropped key's windower, emptied, or null when none is kept.</summary>
    public WindowerRuntime? TakeWindower() => _windowers.TryPop(out var windower) ? windower : null;

    /// <summary>A dropped key's empty queue, or a new one.</summary>
    public List<(TValue Value, long Ticks)> TakeQueue() => _queues.TryPop(out var queue) ? queue : [];

    /// <summary>A dropped key's run array, every slot default, or null when none is kept.</summary>
    public TSlot[]? TakeRun() => _runs.TryPop(out var run) ? run : null;

    /// <summary>The emptied slot of a window that closed, if one is kept.</summary>
    public bool TryTakeSlot(out TSlot slot) => _slots.TryPop(out slot!);

    /// <summary>Keeps <paramref name="slot"/>, the emptied slot of a window that closed, for a later window.</summary>
    public void KeepSlot(TSlot slot)
    {
        if (_slots.Count < MaxKept)
        {
            _slots.Push(slot);
        }
    }

    /// <summary>Keeps what <paramref name="key"/>, which holds nothing and is being dropped, can give to the next keys.</summary>
    public void Keep(ref WindowKeyState<TValue, TSlot> key)
    {
        if (_windowers.Count < MaxKept && key.Windower.TryReset())
        {
            _windowers.Push(key.Windower);
        }

        if (key.Queue is { Count: 0, Capacity: <= MaxLength } queue && _queues.Count < MaxKept)
        {
            _queues.Push(queue);
        }

        if (key.Run is { Length: <= MaxLength } run && key.RunCount == 0 && _runs.Count < MaxKept)
        {
            _runs.Push(run);
        }

        key.Queue = null;
        key.Run = null;
    }
}

using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Windowing;

/// <summary>A key's windower with its snapshot type hidden, so the window operator needs no type parameter for it.</summary>
internal abstract class WindowerRuntime
{
    public abstract void OpenFor(DateTimeOffset timestamp, List<long> windowIds);

    public abstract void LateFor(DateTimeOffset timestamp, List<long> windowIds);

    public abstract void TakeMerged(List<(long Original, long Target)> merges);

    public abstract void CloseFor(DateTimeOffset watermark, List<(long WindowId, WindowMetadata Metadata)> closed);

    /// <summary>As <see cref="CloseFor"/>, giving only the ids of the windows closed: for an operator whose meta stream nobody reads.</summary>
    /// <remarks>The default takes them from <see cref="CloseFor"/>; a windower that makes metadata only to hand it out skips making it.</remarks>
    public virtual void CloseIdsFor(DateTimeOffset watermark, List<(long WindowId, WindowMetadata Metadata)> closed, List<long> closedIds)
    {
        closed.Clear();
        CloseFor(watermark, closed);
        foreach (var (id, _) in closed)
        {
            closedIds.Add(id);
        }
    }

    /// <summary>Empties this windower for another key, as if just started without state; false, leaving it as it is, for a windower that cannot be reused.</summary>
    public virtual bool TryReset() => false;

    /// <summary>How many windows a key of this windower typically has open at once: arrays of its open windows start at this size.</summary>
    public virtual int TypicalOpenCount => 4;

    public abstract DateTimeOffset? NotifyAt();

    public abstract bool IsEmpty { get; }

    /// <summary>Whether windows can merge; the operator asks for merges only if they can.</summary>
    public virtual bool Merges => true;

    /// <summary>UTC ticks before which no window closes: the operator calls <see cref="CloseFor"/> only from there. The default asks every time.</summary>
    public virtual long EarliestCloseTicks => long.MinValue;

    /// <summary>As <see cref="NotifyAt"/>, in UTC ticks, <see cref="long.MaxValue"/> for none: asked after every item.</summary>
    public virtual long NotifyAtTicks => NotifyAt() is { } at ? at.UtcTicks : long.MaxValue;

    /// <summary>Opens the one window an item at <paramref name="ticks"/> falls in, for windowers with exactly one per item; false for others.</summary>
    /// <remarks>Also gives the window's bounds in UTC ticks, so the operator can send the next items in them straight to it.</remarks>
    public virtual bool TryOpenSingle(long ticks, out long windowId, out long openTicks, out long closeTicks)
    {
        windowId = 0;
        openTicks = long.MaxValue;
        closeTicks = long.MinValue;
        return false;
    }

    /// <summary>Opens the windows an item at <paramref name="ticks"/> falls in when they are consecutive ids, for windowers whose windows are; false for others.</summary>
    /// <remarks>
    /// Also gives the span of time, <paramref name="fromTicks"/> to <paramref name="untilTicks"/> (exclusive), whose
    /// items fall in exactly these windows, so the operator can send the next items in it straight to their slots.
    /// <paramref name="firstId"/> &gt; <paramref name="lastId"/> when the item falls in no window.
    /// </remarks>
    public virtual bool TryOpenRange(long ticks, out long firstId, out long lastId, out long fromTicks, out long untilTicks)
    {
        firstId = 0;
        lastId = -1;
        fromTicks = long.MaxValue;
        untilTicks = long.MinValue;
        return false;
    }

    public abstract byte[] Snapshot();
}

/// <summary>Runs a user's <see cref="WindowerLogic{TState}"/> and serializes its snapshots with the windower's serde.</summary>
internal sealed class CustomWindowerRuntime<TState>(WindowerLogic<TState> logic, ISerde<TState> serde) : WindowerRuntime
{
    public override void OpenFor(DateTimeOffset timestamp, List<long> windowIds) => logic.OpenFor(timestamp, windowIds);

    public override void LateFor(DateTimeOffset timestamp, List<long> windowIds) => logic.LateFor(timestamp, windowIds);

    public override void TakeMerged(List<(long Original, long Target)> merges) => logic.TakeMerged(merges);

    public override void CloseFor(DateTimeOffset watermark, List<(long WindowId, WindowMetadata Metadata)> closed) => logic.CloseFor(watermark, closed);

    public override DateTimeOffset? NotifyAt() => logic.NotifyAt();

    public override bool IsEmpty => logic.IsEmpty;

    public override byte[] Snapshot() => serde.ToBytes(logic.Snapshot());
}

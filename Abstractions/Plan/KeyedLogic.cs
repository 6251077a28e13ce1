namespace Orleans.Dataflow.Plan;

/// <summary>The code of a stateful step on one worker, shared by all its keys; the engine keeps one slot of state per key.</summary>
/// <remarks>
/// The engine stores each key's <typeparamref name="TSlot"/> inline and hands it by reference to every call, so a
/// logic whose state is a plain value (a running sum) costs no object per key. User logic with one object per key
/// (<see cref="StatefulLogic{TValue,TOut,TState}"/>) is a slot holding that object. Called from one worker thread.
/// </remarks>
/// <typeparam name="TValue">The values of the keyed input stream.</typeparam>
/// <typeparam name="TOut">The values emitted; they leave the step keyed by the same key.</typeparam>
/// <typeparam name="TSlot">What the engine keeps per key.</typeparam>
/// <typeparam name="TState">The snapshot of a key, serialized into the recovery store.</typeparam>
public abstract class KeyedLogic<TValue, TOut, TSlot, TState>
{
    /// <summary>Whether keys can ask for notifications; when false the engine never calls <see cref="NotifyAt"/>.</summary>
    public virtual bool UsesNotifications => false;

    /// <summary>Called once before the items of each batch and before notifications fire; the default does nothing.</summary>
    /// <remarks>Logic that reads the time reads it here once per batch, as Bytewax's clocks do, rather than once per item.</remarks>
    public virtual void BeforeBatch()
    {
    }

    /// <summary>Called when the stream watermark of a step with <see cref="StatefulStep{TValue,TOut,TSlot,TState}.StreamTimestampOf"/> moves to <paramref name="watermark"/>, before the items it applies to; the default does nothing.</summary>
    /// <remarks>
    /// Called on resume with the watermark the step had reached, and then at the start of each epoch in which it
    /// moved; it never goes back. For such a step, <see cref="NotifyAt"/> times are event times: a key's
    /// <see cref="OnNotify"/> runs once the stream watermark reaches its time, right after this call.
    /// </remarks>
    public virtual void OnStreamWatermark(DateTimeOffset watermark)
    {
    }

    /// <summary>Makes the slot of a key seen for the first time.</summary>
    public abstract TSlot Create();

    /// <summary>Makes the slot of a key from its snapshot, on resume.</summary>
    public abstract TSlot Restore(TState state);

    /// <summary>Handles one item of the key.</summary>
    public abstract StateAction OnItem(ref TSlot slot, TValue value, Emitter<TOut> output);

    /// <summary>Called once the time from <see cref="NotifyAt"/> has passed; the default emits nothing and retains.</summary>
    public virtual StateAction OnNotify(ref TSlot slot, Emitter<TOut> output) => StateAction.Retain;

    /// <summary>Called once at the end of input; the default emits nothing and retains.</summary>
    public virtual StateAction OnEof(ref TSlot slot, Emitter<TOut> output) => StateAction.Retain;

    /// <summary>When the key wants <see cref="OnNotify"/>, or null; asked after every call that retains, if <see cref="UsesNotifications"/>.</summary>
    public virtual DateTimeOffset? NotifyAt(ref TSlot slot) => null;

    /// <summary><see cref="NotifyAt"/> in UTC ticks, <see cref="long.MaxValue"/> for never: what the engine asks after every call that retains, so a logic that keeps its times as ticks can answer without making a <see cref="DateTimeOffset"/> per item.</summary>
    public virtual long NotifyAtTicks(ref TSlot slot) => NotifyAt(ref slot) is { } at ? at.UtcTicks : long.MaxValue;

    /// <summary>The key's snapshot at an epoch close in which it changed; unless <see cref="SnapshotIsCopy"/>, the engine serializes it before calling the logic again, so it may be the live state.</summary>
    public abstract TState Snapshot(ref TSlot slot);

    /// <summary>Whether what <see cref="Snapshot"/> returns is never changed by later calls, so the engine may serialize it off the worker's thread while items go on.</summary>
    /// <remarks>
    /// True by default when <typeparamref name="TState"/> is a copy by construction: a value type made only of
    /// primitives, strings and such value types. Override it to say true for a logic whose snapshot is a fresh or
    /// immutable object, or false for one whose value-type snapshot shares something the logic goes on changing.
    /// </remarks>
    public virtual bool SnapshotIsCopy => DetachedSnapshots.AreCopies<TState>();
}


namespace Orleans.Dataflow;

/// <summary>The state and code of one key of a stateful step (Bytewax's <c>StatefulLogic</c>).</summary>
/// <remarks>
/// The engine builds one instance per key on the worker that owns the key, on the key's first item or when
/// resuming from a snapshot, and calls it from that worker's thread only. Every call returns whether to
/// keep the state (<see cref="StateAction.Retain"/>) or drop it (<see cref="StateAction.Discard"/>).
/// After every call that retains, the engine asks <see cref="NotifyAt"/> when to call <see cref="OnNotify"/>.
/// </remarks>
/// <typeparam name="TValue">The values of the keyed input stream.</typeparam>
/// <typeparam name="TOut">The values this logic emits; they leave the step keyed by the same key.</typeparam>
/// <typeparam name="TState">The snapshot type, serialized into the recovery store.</typeparam>
public abstract class StatefulLogic<TValue, TOut, TState>
{
    /// <summary>Handles one item of the key, emitting any number of values.</summary>
    public abstract StateAction OnItem(TValue value, Emitter<TOut> output);

    /// <summary>Called once the time returned by <see cref="NotifyAt"/> has passed, even when no new item arrives.</summary>
    /// <remarks>The default emits nothing and retains.</remarks>
    public virtual StateAction OnNotify(Emitter<TOut> output) => StateAction.Retain;

    /// <summary>Called once when the input has ended, so that pending results can be emitted.</summary>
    /// <remarks>The default emits nothing and retains.</remarks>
    public virtual StateAction OnEof(Emitter<TOut> output) => StateAction.Retain;

    /// <summary>When the engine should next call <see cref="OnNotify"/>, or null for never.</summary>
    /// <remarks>Asked after every call that retains the state. The default is null.</remarks>
    public virtual DateTimeOffset? NotifyAt() => null;

    /// <summary>Returns the state to store at the close of an epoch in which this key changed; it must not share mutable objects with the logic.</summary>
    public abstract TState Snapshot();
}

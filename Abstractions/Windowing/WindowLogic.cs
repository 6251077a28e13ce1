namespace Orleans.Dataflow.Windowing;

/// <summary>The state and code of one window of one key, for the generic <see cref="WindowingExtensions.Window{TValue,TOut,TState}"/> operator.</summary>
/// <remarks>
/// The operator builds one instance per window per key when the window gets its first item, and calls it from
/// the owning worker's thread only. Values reach <see cref="OnValue"/> in timestamp order when the operator is
/// ordered (the default), else in arrival order. Whatever a call emits leaves the operator on the
/// <see cref="WindowOut{TValue,TOut}.Down"/> stream, tagged with this window's id.
/// </remarks>
/// <typeparam name="TValue">The values of the keyed input stream.</typeparam>
/// <typeparam name="TOut">The values this window emits.</typeparam>
/// <typeparam name="TState">The snapshot of the window, serialized into the recovery store.</typeparam>
public abstract class WindowLogic<TValue, TOut, TState>
{
    /// <summary>Handles one value that falls into this window.</summary>
    public abstract void OnValue(TValue value, Emitter<TOut> output);

    /// <summary>Absorbs <paramref name="original"/>, a window of the same key merged into this one (sessions only); the original is dropped afterwards.</summary>
    public abstract void OnMerge(WindowLogic<TValue, TOut, TState> original, Emitter<TOut> output);

    /// <summary>Called once when the watermark passes the window's close; the window is dropped afterwards.</summary>
    public abstract void OnClose(Emitter<TOut> output);

    /// <summary>Returns the window's state at the close of an epoch in which its key changed; it is serialized at once.</summary>
    public abstract TState Snapshot();
}

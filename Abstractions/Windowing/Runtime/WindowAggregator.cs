namespace Orleans.Dataflow.Windowing;

/// <summary>What a windowing operator does with the values of one window, over a per-window slot that the key's state holds inline.</summary>
/// <remarks>
/// One aggregator per operator; the slots are per window. Built-in operators keep their accumulator itself as the
/// slot (a count is a <c>long</c>), so the common item touches no object beyond the key's state; the generic window
/// operator's slot is the user's <see cref="WindowLogic{TValue,TOut,TState}"/>.
/// </remarks>
/// <typeparam name="TValue">The values of the windowed stream.</typeparam>
/// <typeparam name="TOut">What a window emits.</typeparam>
/// <typeparam name="TSlot">What the operator keeps per open window.</typeparam>
/// <typeparam name="TState">A window's snapshot.</typeparam>
internal abstract class WindowAggregator<TValue, TOut, TSlot, TState>
{
    /// <summary>The slot of a window on its first value.</summary>
    public abstract TSlot Create();

    /// <summary>The slot of a window from its snapshot.</summary>
    public abstract TSlot Restore(TState state);

    /// <summary>Adds <paramref name="value"/> to the window.</summary>
    public abstract void OnValue(ref TSlot slot, TValue value, Emitter<TOut> output);

    /// <summary>Absorbs the window <paramref name="original"/>, which a session merge folds into <paramref name="into"/>.</summary>
    public abstract void OnMerge(ref TSlot into, TSlot original, Emitter<TOut> output);

    /// <summary>Emits what the window emits when it closes.</summary>
    public abstract void OnClose(ref TSlot slot, Emitter<TOut> output);

    /// <summary>The window's snapshot.</summary>
    public abstract TState Snapshot(ref TSlot slot);

    /// <summary>Empties the slot of a window that closed, so that a later window of the same operator takes it instead of a new one; false when the slot cannot be used again.</summary>
    public virtual bool TryReset(ref TSlot slot) => false;

    /// <summary>Whether what <see cref="Snapshot"/> returns is never changed by later values (true for value types made of primitives and strings).</summary>
    public virtual bool SnapshotIsCopy => Plan.DetachedSnapshots.AreCopies<TState>();
}

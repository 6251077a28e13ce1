namespace Orleans.Dataflow.Windowing;

/// <summary>Makes the logic of a window: new when the window gets its first item, or from its snapshot on resume.</summary>
internal abstract class WindowLogicFactory<TValue, TOut, TState>
{
    public abstract WindowLogic<TValue, TOut, TState> Create();

    public abstract WindowLogic<TValue, TOut, TState> Restore(TState state);

    /// <summary>Empties the logic of a window that closed, made by this factory, so that it serves a later window; false when it cannot (a user's logic never does: it may hold anything).</summary>
    public virtual bool TryReset(WindowLogic<TValue, TOut, TState> logic) => false;

    /// <summary>A factory over a user's builder, which gets default for a new window and the snapshot on resume (Bytewax's builder).</summary>
    public static WindowLogicFactory<TValue, TOut, TState> Of(Func<TState?, WindowLogic<TValue, TOut, TState>> builder) => new FromBuilder(builder);

    private sealed class FromBuilder(Func<TState?, WindowLogic<TValue, TOut, TState>> builder) : WindowLogicFactory<TValue, TOut, TState>
    {
        public override WindowLogic<TValue, TOut, TState> Create() =>
            builder(default) ?? throw new InvalidOperationException("the window logic builder returned null");

        public override WindowLogic<TValue, TOut, TState> Restore(TState state) =>
            builder(state) ?? throw new InvalidOperationException("the window logic builder returned null");
    }
}

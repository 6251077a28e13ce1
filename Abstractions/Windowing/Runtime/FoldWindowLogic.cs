namespace Orleans.Dataflow.Windowing;

/// <summary>The logic of one window of fold_window: folds values into an accumulator, merges accumulators, emits it on close.</summary>
internal sealed class FoldWindowLogic<TValue, TAcc>(Func<TAcc, TValue, TAcc> folder, Func<TAcc, TAcc, TAcc> merger, TAcc accumulator)
    : WindowLogic<TValue, TAcc, TAcc>
{
    private TAcc _accumulator = accumulator;

    public override void OnValue(TValue value, Emitter<TAcc> output) => _accumulator = folder(_accumulator, value);

    public override void OnMerge(WindowLogic<TValue, TAcc, TAcc> original, Emitter<TAcc> output) =>
        _accumulator = merger(_accumulator, original.Snapshot());

    public override void OnClose(Emitter<TAcc> output) => output.Emit(_accumulator);

    public override TAcc Snapshot() => _accumulator;

    /// <summary>Makes fold windows: a new one starts from <paramref name="builder"/>, a resumed one from its snapshot.</summary>
    public sealed class Factory(Func<TAcc> builder, Func<TAcc, TValue, TAcc> folder, Func<TAcc, TAcc, TAcc> merger)
        : WindowLogicFactory<TValue, TAcc, TAcc>
    {
        public override WindowLogic<TValue, TAcc, TAcc> Create() => new FoldWindowLogic<TValue, TAcc>(folder, merger, builder());

        public override WindowLogic<TValue, TAcc, TAcc> Restore(TAcc state) => new FoldWindowLogic<TValue, TAcc>(folder, merger, state);
    }
}

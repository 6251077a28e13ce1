namespace Orleans.Dataflow.Windowing;

/// <summary>The aggregator of the generic window operator and of window joins: each window's slot is its <see cref="WindowLogic{TValue,TOut,TState}"/>.</summary>
internal sealed class LogicWindowAggregator<TValue, TOut, TState>(WindowLogicFactory<TValue, TOut, TState> logics)
    : WindowAggregator<TValue, TOut, WindowLogic<TValue, TOut, TState>, TState>
{
    public override WindowLogic<TValue, TOut, TState> Create() => logics.Create();

    public override WindowLogic<TValue, TOut, TState> Restore(TState state) => logics.Restore(state);

    public override void OnValue(ref WindowLogic<TValue, TOut, TState> slot, TValue value, Emitter<TOut> output) => slot.OnValue(value, output);

    public override void OnMerge(ref WindowLogic<TValue, TOut, TState> into, WindowLogic<TValue, TOut, TState> original, Emitter<TOut> output) =>
        into.OnMerge(original, output);

    public override void OnClose(ref WindowLogic<TValue, TOut, TState> slot, Emitter<TOut> output) => slot.OnClose(output);

    public override TState Snapshot(ref WindowLogic<TValue, TOut, TState> slot) => slot.Snapshot();

    public override bool TryReset(ref WindowLogic<TValue, TOut, TState> slot) => logics.TryReset(slot);
}

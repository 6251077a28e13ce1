using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>The logic of fold_final (and count_final): folds every item into the key's inline accumulator, emits it once at EOF.</summary>
internal sealed class FoldFinalLogic<TValue, TState>(Func<TState> builder, Func<TState, TValue, TState> folder)
    : KeyedLogic<TValue, TState, TState, TState>
{
    public override TState Create() => builder();

    public override TState Restore(TState state) => state;

    public override StateAction OnItem(ref TState slot, TValue value, Emitter<TState> output)
    {
        slot = folder(slot, value);
        return StateAction.Retain;
    }

    public override StateAction OnEof(ref TState slot, Emitter<TState> output)
    {
        output.Emit(slot);
        return StateAction.Discard;
    }

    public override TState Snapshot(ref TState slot) => slot;
}

using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>The logic of stateful_map: the key's state is kept inline; one mapper call and one emitted value per item; a null state discards.</summary>
internal sealed class StatefulMapLogic<TValue, TState, TOut>(Func<TState?, TValue, (TState? State, TOut Emit)> mapper)
    : KeyedLogic<TValue, TOut, TState?, TState>
{
    public override TState? Create() => default;

    public override TState? Restore(TState state) => state;

    public override StateAction OnItem(ref TState? slot, TValue value, Emitter<TOut> output)
    {
        var (next, emit) = mapper(slot, value);
        output.Emit(emit);
        slot = next;
        return next is null ? StateAction.Discard : StateAction.Retain;
    }

    public override TState Snapshot(ref TState? slot) => slot!;
}

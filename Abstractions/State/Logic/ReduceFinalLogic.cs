using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>The logic of reduce_final (and max_final, min_final): the key's first item starts the inline accumulator, later ones are reduced into it; emits at EOF.</summary>
internal sealed class ReduceFinalLogic<TValue>(Func<TValue, TValue, TValue> reducer)
    : KeyedLogic<TValue, TValue, (bool HasValue, TValue Accumulator), TValue>
{
    public override (bool HasValue, TValue Accumulator) Create() => default;

    public override (bool HasValue, TValue Accumulator) Restore(TValue state) => (true, state);

    public override StateAction OnItem(ref (bool HasValue, TValue Accumulator) slot, TValue value, Emitter<TValue> output)
    {
        slot = (true, slot.HasValue ? reducer(slot.Accumulator, value) : value);
        return StateAction.Retain;
    }

    public override StateAction OnEof(ref (bool HasValue, TValue Accumulator) slot, Emitter<TValue> output)
    {
        output.Emit(slot.Accumulator);
        return StateAction.Discard;
    }

    public override TValue Snapshot(ref (bool HasValue, TValue Accumulator) slot) => slot.Accumulator;
}

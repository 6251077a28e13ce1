namespace Orleans.Dataflow.Windowing;

/// <summary>reduce_window, max_window and min_window: the first value starts a window's accumulator, later ones are reduced into it.</summary>
/// <remarks>A window's slot is made for its first value, so a snapshot always holds a value.</remarks>
internal sealed class ReduceWindowAggregator<TValue>(Func<TValue, TValue, TValue> reducer)
    : WindowAggregator<TValue, TValue, (bool HasValue, TValue Value), TValue>
{
    public override (bool HasValue, TValue Value) Create() => (false, default!);

    public override (bool HasValue, TValue Value) Restore(TValue state) => (true, state);

    public override void OnValue(ref (bool HasValue, TValue Value) slot, TValue value, Emitter<TValue> output) =>
        slot = (true, slot.HasValue ? reducer(slot.Value, value) : value);

    public override void OnMerge(ref (bool HasValue, TValue Value) into, (bool HasValue, TValue Value) original, Emitter<TValue> output)
    {
        if (original.HasValue)
        {
            OnValue(ref into, original.Value, output);
        }
    }

    public override void OnClose(ref (bool HasValue, TValue Value) slot, Emitter<TValue> output)
    {
        if (slot.HasValue)
        {
            output.Emit(slot.Value);
        }
    }

    public override TValue Snapshot(ref (bool HasValue, TValue Value) slot) => slot.Value;
}

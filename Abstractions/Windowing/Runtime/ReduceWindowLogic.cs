namespace Orleans.Dataflow.Windowing;

/// <summary>The logic of one window of reduce_window: the first value starts the accumulator, later ones are reduced into it.</summary>
/// <remarks>A window's logic is made for its first value, so a snapshot always holds a value.</remarks>
internal sealed class ReduceWindowLogic<TValue>(Func<TValue, TValue, TValue> reducer) : WindowLogic<TValue, TValue, TValue>
{
    private bool _hasValue;
    private TValue _accumulator = default!;

    public override void OnValue(TValue value, Emitter<TValue> output)
    {
        _accumulator = _hasValue ? reducer(_accumulator, value) : value;
        _hasValue = true;
    }

    public override void OnMerge(WindowLogic<TValue, TValue, TValue> original, Emitter<TValue> output)
    {
        var other = (ReduceWindowLogic<TValue>)original;
        if (other._hasValue)
        {
            OnValue(other._accumulator, output);
        }
    }

    public override void OnClose(Emitter<TValue> output)
    {
        if (_hasValue)
        {
            output.Emit(_accumulator);
        }
    }

    public override TValue Snapshot() => _accumulator;

    /// <summary>Makes reduce windows: a new one empty, a resumed one holding its snapshot.</summary>
    public sealed class Factory(Func<TValue, TValue, TValue> reducer) : WindowLogicFactory<TValue, TValue, TValue>
    {
        public override WindowLogic<TValue, TValue, TValue> Create() => new ReduceWindowLogic<TValue>(reducer);

        public override WindowLogic<TValue, TValue, TValue> Restore(TValue state) =>
            new ReduceWindowLogic<TValue>(reducer) { _hasValue = true, _accumulator = state };
    }
}

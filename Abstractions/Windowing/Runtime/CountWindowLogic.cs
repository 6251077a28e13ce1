namespace Orleans.Dataflow.Windowing;

/// <summary>The logic of one window of count_window: a count, without the delegate calls of a general fold.</summary>
internal sealed class CountWindowLogic<TValue>(long count) : WindowLogic<TValue, long, long>
{
    private long _count = count;

    public override void OnValue(TValue value, Emitter<long> output) => _count++;

    public override void OnMerge(WindowLogic<TValue, long, long> original, Emitter<long> output) => _count += original.Snapshot();

    public override void OnClose(Emitter<long> output) => output.Emit(_count);

    public override long Snapshot() => _count;

    /// <summary>Makes count windows: a new one at zero, a resumed one at its snapshot.</summary>
    public sealed class Factory : WindowLogicFactory<TValue, long, long>
    {
        public override WindowLogic<TValue, long, long> Create() => new CountWindowLogic<TValue>(0);

        public override WindowLogic<TValue, long, long> Restore(long state) => new CountWindowLogic<TValue>(state);
    }
}

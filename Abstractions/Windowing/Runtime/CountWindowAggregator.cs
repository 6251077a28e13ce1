namespace Orleans.Dataflow.Windowing;

/// <summary>count_window: a window's slot is its count.</summary>
internal sealed class CountWindowAggregator<TValue> : WindowAggregator<TValue, long, long, long>
{
    public override long Create() => 0;

    public override long Restore(long state) => state;

    public override void OnValue(ref long slot, TValue value, Emitter<long> output) => slot++;

    public override void OnMerge(ref long into, long original, Emitter<long> output) => into += original;

    public override void OnClose(ref long slot, Emitter<long> output) => output.Emit(slot);

    public override long Snapshot(ref long slot) => slot;
}

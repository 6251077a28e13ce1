namespace Orleans.Dataflow.Windowing;

/// <summary>fold_window and collect_window: a window's slot is its accumulator, started by the builder, merged by the merger, emitted at close.</summary>
internal sealed class FoldWindowAggregator<TValue, TAcc>(Func<TAcc> builder, Func<TAcc, TValue, TAcc> folder, Func<TAcc, TAcc, TAcc> merger)
    : WindowAggregator<TValue, TAcc, TAcc, TAcc>
{
    public override TAcc Create() => builder();

    public override TAcc Restore(TAcc state) => state;

    public override void OnValue(ref TAcc slot, TValue value, Emitter<TAcc> output) => slot = folder(slot, value);

    public override void OnMerge(ref TAcc into, TAcc original, Emitter<TAcc> output) => into = merger(into, original);

    public override void OnClose(ref TAcc slot, Emitter<TAcc> output) => output.Emit(slot);

    public override TAcc Snapshot(ref TAcc slot) => slot;
}

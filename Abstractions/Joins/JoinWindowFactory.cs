using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow;

/// <summary>Makes the windows of a windowed join: empty, or from their snapshot.</summary>
internal sealed class JoinWindowFactory<TItem, TRow>(JoinShape<TItem, TRow> shape, JoinInsertMode insertMode, JoinEmitMode emitMode)
    : WindowLogicFactory<TItem, TRow, JoinState<TItem>>
{
    public override WindowLogic<TItem, TRow, JoinState<TItem>> Create() =>
        new JoinWindowLogic<TItem, TRow>(shape, insertMode, emitMode, new JoinState<TItem>(shape.Count));

    public override WindowLogic<TItem, TRow, JoinState<TItem>> Restore(JoinState<TItem> state) =>
        new JoinWindowLogic<TItem, TRow>(shape, insertMode, emitMode, state);

    public override bool TryReset(WindowLogic<TItem, TRow, JoinState<TItem>> logic) => logic is JoinWindowLogic<TItem, TRow> join && join.TryReset();
}

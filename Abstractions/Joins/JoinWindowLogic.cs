using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow;

/// <summary>The logic of one window of a windowed join (Bytewax's join window logic), for any number of sides.</summary>
/// <remarks>Complete emits and clears once every side is set; running emits on every value; final emits when the window closes.</remarks>
internal sealed class JoinWindowLogic<TItem, TRow>(JoinShape<TItem, TRow> shape, JoinInsertMode insertMode, JoinEmitMode emitMode, JoinState<TItem> state)
    : WindowLogic<TItem, TRow, JoinState<TItem>>
{
    public override void OnValue(TItem value, Emitter<TRow> output)
    {
        state.Insert(shape.SideOf(value), value, insertMode);
        CheckEmit(output);
    }

    public override void OnMerge(WindowLogic<TItem, TRow, JoinState<TItem>> original, Emitter<TRow> output)
    {
        state.Absorb(original.Snapshot(), insertMode);
        CheckEmit(output);
    }

    public override void OnClose(Emitter<TRow> output)
    {
        if (emitMode == JoinEmitMode.Final)
        {
            state.EmitRows(shape, output);
        }
    }

    public override JoinState<TItem> Snapshot() => state;

    /// <summary>Empties the window's values for a later window, unless a side grew past what is worth keeping.</summary>
    public bool TryReset() => state.TryReset();

    private void CheckEmit(Emitter<TRow> output)
    {
        if (emitMode == JoinEmitMode.Complete && state.AllSet)
        {
            state.EmitRows(shape, output);
            state.Clear();
        }
        else if (emitMode == JoinEmitMode.Running)
        {
            state.EmitRows(shape, output);
        }
    }
}

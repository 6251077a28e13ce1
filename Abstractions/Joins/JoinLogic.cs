using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>The keyed logic of a join outside windows (Bytewax's join logic), for any number of sides: one <see cref="JoinState{TItem}"/> per key.</summary>
internal sealed class JoinLogic<TItem, TRow>(JoinShape<TItem, TRow> shape, JoinInsertMode insertMode, JoinEmitMode emitMode)
    : KeyedLogic<TItem, TRow, JoinState<TItem>, JoinState<TItem>>
{
    public override JoinState<TItem> Create() => new(shape.Count);

    public override JoinState<TItem> Restore(JoinState<TItem> state) => state;

    public override StateAction OnItem(ref JoinState<TItem> slot, TItem value, Emitter<TRow> output)
    {
        slot.Insert(shape.SideOf(value), value, insertMode);
        if (emitMode == JoinEmitMode.Complete && slot.AllSet)
        {
            slot.EmitRows(shape, output);
            return StateAction.Discard;
        }

        if (emitMode == JoinEmitMode.Running)
        {
            slot.EmitRows(shape, output);
        }

        return StateAction.Retain;
    }

    public override StateAction OnEof(ref JoinState<TItem> slot, Emitter<TRow> output)
    {
        if (emitMode != JoinEmitMode.Final)
        {
            return StateAction.Retain;
        }

        slot.EmitRows(shape, output);
        return StateAction.Discard;
    }

    public override JoinState<TItem> Snapshot(ref JoinState<TItem> slot) => slot;
}

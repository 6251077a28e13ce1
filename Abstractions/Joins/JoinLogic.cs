using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>The keyed logic of a join outside windows (Bytewax's join logic): one <see cref="JoinState{TLeft,TRight}"/> per key.</summary>
internal sealed class JoinLogic<TLeft, TRight>(JoinInsertMode insertMode, JoinEmitMode emitMode)
    : KeyedLogic<JoinSide<TLeft, TRight>, (TLeft?, TRight?), JoinState<TLeft, TRight>, JoinState<TLeft, TRight>>
{
    public override JoinState<TLeft, TRight> Create() => new();

    public override JoinState<TLeft, TRight> Restore(JoinState<TLeft, TRight> state) => state;

    public override StateAction OnItem(ref JoinState<TLeft, TRight> slot, JoinSide<TLeft, TRight> value, Emitter<(TLeft?, TRight?)> output)
    {
        slot.Insert(value, insertMode);
        if (emitMode == JoinEmitMode.Complete && slot.AllSet)
        {
            slot.EmitRows(output);
            return StateAction.Discard;
        }

        if (emitMode == JoinEmitMode.Running)
        {
            slot.EmitRows(output);
        }

        return StateAction.Retain;
    }

    public override StateAction OnEof(ref JoinState<TLeft, TRight> slot, Emitter<(TLeft?, TRight?)> output)
    {
        if (emitMode != JoinEmitMode.Final)
        {
            return StateAction.Retain;
        }

        slot.EmitRows(output);
        return StateAction.Discard;
    }

    public override JoinState<TLeft, TRight> Snapshot(ref JoinState<TLeft, TRight> slot) => slot;
}

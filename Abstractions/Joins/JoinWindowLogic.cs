using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow;

/// <summary>The logic of one window of a windowed join (Bytewax's join window logic).</summary>
/// <remarks>Complete emits and clears once every side is set; running emits on every value; final emits when the window closes.</remarks>
internal sealed class JoinWindowLogic<TLeft, TRight>(JoinInsertMode insertMode, JoinEmitMode emitMode, JoinState<TLeft, TRight> state)
    : WindowLogic<JoinSide<TLeft, TRight>, (TLeft?, TRight?), JoinState<TLeft, TRight>>
{
    public override void OnValue(JoinSide<TLeft, TRight> value, Emitter<(TLeft?, TRight?)> output)
    {
        state.Insert(value, insertMode);
        CheckEmit(output);
    }

    public override void OnMerge(WindowLogic<JoinSide<TLeft, TRight>, (TLeft?, TRight?), JoinState<TLeft, TRight>> original, Emitter<(TLeft?, TRight?)> output)
    {
        state.Absorb(original.Snapshot(), insertMode);
        CheckEmit(output);
    }

    public override void OnClose(Emitter<(TLeft?, TRight?)> output)
    {
        if (emitMode == JoinEmitMode.Final)
        {
            state.EmitRows(output);
        }
    }

    public override JoinState<TLeft, TRight> Snapshot() => state;

    private void CheckEmit(Emitter<(TLeft?, TRight?)> output)
    {
        if (emitMode == JoinEmitMode.Complete && state.AllSet)
        {
            state.EmitRows(output);
            state.Clear();
        }
        else if (emitMode == JoinEmitMode.Running)
        {
            state.EmitRows(output);
        }
    }
}

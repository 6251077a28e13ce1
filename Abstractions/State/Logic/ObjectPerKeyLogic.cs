using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>Runs a user's <see cref="StatefulLogic{TValue,TOut,TState}"/>: each key's slot is its logic object, built by the user's builder.</summary>
internal sealed class ObjectPerKeyLogic<TValue, TOut, TState>(Func<TState?, StatefulLogic<TValue, TOut, TState>> builder)
    : KeyedLogic<TValue, TOut, StatefulLogic<TValue, TOut, TState>, TState>
{
    public override bool UsesNotifications => true;

    public override StatefulLogic<TValue, TOut, TState> Create() => builder(default);

    public override StatefulLogic<TValue, TOut, TState> Restore(TState state) => builder(state);

    public override StateAction OnItem(ref StatefulLogic<TValue, TOut, TState> slot, TValue value, Emitter<TOut> output) => slot.OnItem(value, output);

    public override StateAction OnNotify(ref StatefulLogic<TValue, TOut, TState> slot, Emitter<TOut> output) => slot.OnNotify(output);

    public override StateAction OnEof(ref StatefulLogic<TValue, TOut, TState> slot, Emitter<TOut> output) => slot.OnEof(output);

    public override DateTimeOffset? NotifyAt(ref StatefulLogic<TValue, TOut, TState> slot) => slot.NotifyAt();

    public override TState Snapshot(ref StatefulLogic<TValue, TOut, TState> slot) => slot.Snapshot();
}

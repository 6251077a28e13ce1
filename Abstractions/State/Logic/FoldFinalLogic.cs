
namespace Orleans.Dataflow;

/// <summary>The per-key logic of fold_final (and so reduce_final, count_final, max_final, min_final): folds every item, emits once at EOF.</summary>
internal sealed class FoldFinalLogic<TValue, TState>(TState state, Func<TState, TValue, TState> folder)
    : StatefulLogic<TValue, TState, TState>
{
    private TState _state = state;

    public override StateAction OnItem(TValue value, Emitter<TState> output)
    {
        _state = folder(_state, value);
        return StateAction.Retain;
    }

    public override StateAction OnEof(Emitter<TState> output)
    {
        output.Emit(_state);
        return StateAction.Discard;
    }

    public override TState Snapshot() => _state;
}

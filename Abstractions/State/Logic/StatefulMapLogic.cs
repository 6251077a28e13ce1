
namespace Orleans.Dataflow;

/// <summary>The per-key logic of stateful_map: one mapper call and one emitted value per item; a null state discards.</summary>
internal sealed class StatefulMapLogic<TValue, TState, TOut>(TState? state, Func<TState?, TValue, (TState? State, TOut Emit)> mapper)
    : StatefulLogic<TValue, TOut, TState>
{
    private TState? _state = state;

    public override StateAction OnItem(TValue value, Emitter<TOut> output)
    {
        var (next, emit) = mapper(_state, value);
        output.Emit(emit);
        _state = next;
        return next is null ? StateAction.Discard : StateAction.Retain;
    }

    public override TState Snapshot() => _state!;
}

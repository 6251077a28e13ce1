
namespace Orleans.Dataflow;

/// <summary>The per-key logic of stateful_flat_map: one mapper call per item, any number of values emitted; a null state discards.</summary>
internal sealed class StatefulFlatMapLogic<TValue, TState, TOut>(TState? state, Func<TState?, TValue, (TState? State, IEnumerable<TOut> Emit)> mapper)
    : StatefulLogic<TValue, TOut, TState>
{
    private TState? _state = state;

    public override StateAction OnItem(TValue value, Emitter<TOut> output)
    {
        var (next, emit) = mapper(_state, value);
        output.EmitAll(emit);
        _state = next;
        return next is null ? StateAction.Discard : StateAction.Retain;
    }

    public override TState Snapshot() => _state!;
}

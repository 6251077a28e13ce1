
namespace Orleans.Dataflow;

/// <summary>The per-key logic of reduce_final: the first item is the accumulator, each later one is reduced into it; emits at EOF.</summary>
internal sealed class ReduceFinalLogic<TValue>(ReduceFinalLogic<TValue>.State? resume, Func<TValue, TValue, TValue> reducer)
    : StatefulLogic<TValue, TValue, ReduceFinalLogic<TValue>.State>
{
    private bool _hasValue = resume is not null;
    private TValue _accumulator = resume is null ? default! : resume.Accumulator;

    public override StateAction OnItem(TValue value, Emitter<TValue> output)
    {
        _accumulator = _hasValue ? reducer(_accumulator, value) : value;
        _hasValue = true;
        return StateAction.Retain;
    }

    public override StateAction OnEof(Emitter<TValue> output)
    {
        output.Emit(_accumulator);
        return StateAction.Discard;
    }

    public override State Snapshot() => new(_accumulator);

    /// <summary>The snapshot: the accumulated value so far.</summary>
    internal sealed record State(TValue Accumulator);
}

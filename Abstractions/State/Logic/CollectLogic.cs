
namespace Orleans.Dataflow;

/// <summary>The per-key logic of collect: gathers items until max size, or until the timeout passes with no new item, or EOF.</summary>
internal sealed class CollectLogic<TValue>(CollectState<TValue>? resume, TimeSpan timeout, int maxSize, TimeProvider clock)
    : StatefulLogic<TValue, List<TValue>, CollectState<TValue>>
{
    private readonly List<TValue> _items = resume is null ? [] : [.. resume.Items];
    private DateTimeOffset? _timeoutAt = resume?.TimeoutAt;

    public override StateAction OnItem(TValue value, Emitter<List<TValue>> output)
    {
        _timeoutAt = clock.GetUtcNow() + timeout;
        _items.Add(value);
        return _items.Count >= maxSize ? EmitAll(output) : StateAction.Retain;
    }

    public override StateAction OnNotify(Emitter<List<TValue>> output) => EmitAll(output);

    public override StateAction OnEof(Emitter<List<TValue>> output) => EmitAll(output);

    public override DateTimeOffset? NotifyAt() => _timeoutAt;

    public override CollectState<TValue> Snapshot() => new([.. _items], _timeoutAt);

    private StateAction EmitAll(Emitter<List<TValue>> output)
    {
        output.Emit([.. _items]);
        return StateAction.Discard;
    }
}

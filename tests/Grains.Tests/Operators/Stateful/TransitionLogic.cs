
namespace Orleans.Dataflow.Grains.Tests.Operators.Stateful;

/// <summary>Bytewax's BaseTestLogic from test_stateful.py: emits (old state, new state) on every call, starting from "NEW".</summary>
/// <remarks>Items move the state to "ITEM", notifications to "NOTIFY", EOF to "EOF". When <c>notifyAfterItem</c> is given, every item asks for a notification at the time it returns.</remarks>
internal sealed class TransitionLogic(string? resume, StateAction onItem, StateAction onNotify = StateAction.Retain,
    StateAction onEof = StateAction.Retain, Func<DateTimeOffset>? notifyAfterItem = null)
    : StatefulLogic<int, (string Old, string New), string>
{
    private string _state = resume ?? "NEW";
    private DateTimeOffset? _notifyAt;

    public override StateAction OnItem(int value, Emitter<(string Old, string New)> output)
    {
        Move("ITEM", output);
        _notifyAt = notifyAfterItem?.Invoke();
        return onItem;
    }

    public override StateAction OnNotify(Emitter<(string Old, string New)> output)
    {
        Move("NOTIFY", output);
        _notifyAt = null;
        return onNotify;
    }

    public override StateAction OnEof(Emitter<(string Old, string New)> output)
    {
        Move("EOF", output);
        return onEof;
    }

    public override DateTimeOffset? NotifyAt() => _notifyAt;

    public override string Snapshot() => _state;

    private void Move(string next, Emitter<(string Old, string New)> output)
    {
        output.Emit((_state, next));
        _state = next;
    }
}

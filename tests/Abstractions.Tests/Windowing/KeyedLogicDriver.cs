using Orleans.Dataflow.Plan;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Abstractions.Tests.Windowing;

/// <summary>Runs a <see cref="KeyedLogic{TValue,TOut,TSlot,TState}"/> the way the engine's stateful operator does, without the engine.</summary>
/// <remarks>
/// One slot per key, created on the key's first item; <see cref="StateAction.Discard"/> drops it. After every call
/// that retains, the key's <c>NotifyAt</c> is asked and remembered; <see cref="FireDue"/> calls <c>OnNotify</c> for
/// every key whose time has come, once. Snapshots go through the step's serde to bytes, as the engine hands them to
/// the recovery store; <see cref="RestoreAll"/> rebuilds slots from such bytes and asks their <c>NotifyAt</c>, as a
/// resumed operator must. Everything emitted is recorded with its key.
/// </remarks>
internal sealed class KeyedLogicDriver<TValue, TOut, TSlot, TState>(KeyedLogic<TValue, TOut, TSlot, TState> logic, ISerde<TState> serde)
{
    private readonly Dictionary<string, TSlot> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _notifyAt = new(StringComparer.Ordinal);
    private readonly RecordingEmitter _output = new();

    /// <summary>Everything emitted so far, in order, with its key.</summary>
    public List<(string Key, TOut Value)> Output => _output.Items;

    /// <summary>The keys that hold live state, in ordinal order.</summary>
    public List<string> Keys => [.. _slots.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The notification time each live key asked for after its last call (keys that asked for none are absent).</summary>
    public Dictionary<string, DateTimeOffset> NotifyTimes => new(_notifyAt, StringComparer.Ordinal);

    /// <summary>Runs one batch: <c>BeforeBatch</c>, then each item on its key's slot.</summary>
    public void Batch(params (string Key, TValue Value)[] items)
    {
        logic.BeforeBatch();
        foreach (var (key, value) in items)
        {
            if (!_slots.TryGetValue(key, out var slot))
            {
                slot = logic.Create();
            }

            _output.Key = key;
            var action = logic.OnItem(ref slot, value, _output);
            After(key, slot, action);
        }
    }

    /// <summary>Calls <c>OnNotify</c> once for every key whose notification time is at or before <paramref name="now"/>, earliest first; returns how many fired.</summary>
    public int FireDue(DateTimeOffset now)
    {
        logic.BeforeBatch();
        var due = _notifyAt.Where(n => n.Value <= now).OrderBy(n => n.Value).ThenBy(n => n.Key, StringComparer.Ordinal).Select(n => n.Key).ToList();
        foreach (var key in due)
        {
            _notifyAt.Remove(key);
            var slot = _slots[key];
            _output.Key = key;
            var action = logic.OnNotify(ref slot, _output);
            After(key, slot, action);
        }

        return due.Count;
    }

    /// <summary>Calls <c>OnEof</c> for every live key in ordinal order.</summary>
    public void Eof()
    {
        foreach (var key in Keys)
        {
            var slot = _slots[key];
            _output.Key = key;
            if (logic.OnEof(ref slot, _output) == StateAction.Discard)
            {
                _slots.Remove(key);
            }
            else
            {
                _slots[key] = slot;
            }
        }

        _notifyAt.Clear();
    }

    /// <summary>The notification time the logic gives for <paramref name="key"/> now, asked afresh.</summary>
    public DateTimeOffset? AskNotifyAt(string key)
    {
        var slot = _slots[key];
        return logic.UsesNotifications ? logic.NotifyAt(ref slot) : null;
    }

    /// <summary>The snapshot bytes of every live key, through the step's serde.</summary>
    public Dictionary<string, byte[]> SnapshotAll()
    {
        var snapshots = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in Keys)
        {
            var slot = _slots[key];
            snapshots[key] = serde.ToBytes(logic.Snapshot(ref slot));
        }

        return snapshots;
    }

    /// <summary>Rebuilds every key from its snapshot bytes and asks when it wants to be notified.</summary>
    public void RestoreAll(IReadOnlyDictionary<string, byte[]> snapshots)
    {
        foreach (var (key, bytes) in snapshots)
        {
            var slot = logic.Restore(serde.Deserialize(bytes));
            _slots[key] = slot;
            AskNotify(key, slot);
        }
    }

    private void After(string key, TSlot slot, StateAction action)
    {
        if (action == StateAction.Discard)
        {
            _slots.Remove(key);
            _notifyAt.Remove(key);
            return;
        }

        _slots[key] = slot;
        AskNotify(key, slot);
    }

    private void AskNotify(string key, TSlot slot)
    {
        if (!logic.UsesNotifications)
        {
            return;
        }

        if (logic.NotifyAt(ref slot) is { } at)
        {
            _notifyAt[key] = at;
        }
        else
        {
            _notifyAt.Remove(key);
        }
    }

    private sealed class RecordingEmitter : Emitter<TOut>
    {
        public string Key { get; set; } = "";

        public List<(string Key, TOut Value)> Items { get; } = [];

        public override long Epoch => 1;

        public override void Emit(TOut item) => Items.Add((Key, item));
    }
}

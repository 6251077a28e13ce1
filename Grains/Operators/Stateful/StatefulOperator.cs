using Orleans.Dataflow.Grains.Batching;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Plan;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Grains.Operators.Stateful;

/// <summary>The one keyed stateful operator: a <see cref="StatefulLogic{TValue,TOut,TState}"/> per key owned by this worker.</summary>
/// <remarks>
/// Items arrive already routed to the worker that owns their key. Per item: find or build the key's logic, call
/// <c>OnItem</c>, then drop the logic on Discard or ask <c>NotifyAt</c>. Due notifications fire from
/// <see cref="FireDueNotifications"/>, called by the worker loop without new data. At epoch close the keys changed
/// in the epoch are snapshotted (discarded ones as tombstones). At EOF <c>OnEof</c> runs for every key in ordinal key order.
/// </remarks>
internal sealed class StatefulOperator<TValue, TOut, TState> : EpochAlignedOperator<(string Key, TValue Value)>, ITimedOperator
{
    private readonly Func<TState?, StatefulLogic<TValue, TOut, TState>> _builder;
    private readonly ISerde<TState> _serde;
    private readonly ISnapshotSink? _snapshots;
    private readonly Dictionary<string, KeyState<StatefulLogic<TValue, TOut, TState>>> _keys = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _timers = new();
    private readonly List<string> _changed = [];
    private readonly List<(string Key, DateTimeOffset At)> _due = [];
    private readonly BufferEmitter<(string Key, TOut Value)> _buffer;
    private readonly KeyedEmitter<TOut> _emitter;
    private readonly int _flushAt;

    public StatefulOperator(OperatorContext context, int channelCount, StatefulStep<TValue, TOut, TState> step)
        : base(context, channelCount)
    {
        _builder = step.Builder;
        _serde = step.StateSerde;
        _snapshots = context.Options.Snapshots;
        _flushAt = context.Options.ExchangeBatchSize;
        _buffer = new BufferEmitter<(string Key, TOut Value)>(_flushAt);
        _emitter = new KeyedEmitter<TOut>(_buffer);
    }

    public OutputPort<(string Key, TOut Value)> Output { get; } = new();

    /// <summary>How many keys hold live state on this worker.</summary>
    public int KeyCount => _keys.Count;

    public DateTimeOffset? NextWakeUp => _timers.TryPeek(out _, out var at) ? at : null;

    public void FireDueNotifications(DateTimeOffset now)
    {
        _buffer.CurrentEpoch = CurrentEpoch;

        // Take the due timers first: a logic whose NotifyAt is still due after OnNotify fires again on the worker's
        // next round (as Bytewax does, once per activation), instead of spinning here forever without reading input.
        _due.Clear();
        while (_timers.TryPeek(out var key, out var at) && at <= now)
        {
            _timers.Dequeue();
            _due.Add((key, at));
        }

        foreach (var (key, at) in _due)
        {
            if (!_keys.TryGetValue(key, out var state) || state.QueuedAt != at)
            {
                continue;
            }

            state.QueuedAt = null;
            if (state.NotifyAt is not { } wanted)
            {
                continue;
            }

            if (wanted > now)
            {
                Schedule(key, state, wanted);
                continue;
            }

            state.NotifyAt = null;
            _emitter.Key = key;
            StateAction action;
            try
            {
                action = state.Logic.OnNotify(_emitter);
            }
            catch (Exception e)
            {
                throw Failure(e, $"notification of key \"{key}\"", hasItem: true);
            }

            After(key, state, action);
            FlushIfFull();
        }

        _buffer.FlushTo(Output);
    }

    protected override void Apply(ArraySegment<(string Key, TValue Value)> items)
    {
        _buffer.CurrentEpoch = CurrentEpoch;
        foreach (var (key, value) in items)
        {
            if (!_keys.TryGetValue(key, out var state))
            {
                state = new(Build(key));
                _keys.Add(key, state);
            }

            _emitter.Key = key;
            StateAction action;
            try
            {
                action = state.Logic.OnItem(value, _emitter);
            }
            catch (Exception e)
            {
                throw Failure(e, (key, value), hasItem: true);
            }

            After(key, state, action);
        }

        _buffer.FlushTo(Output);
    }

    protected override void OnEof()
    {
        _buffer.CurrentEpoch = CurrentEpoch;
        foreach (var key in _keys.Keys.Order(StringComparer.Ordinal).ToList())
        {
            var state = _keys[key];
            _emitter.Key = key;
            StateAction action;
            try
            {
                action = state.Logic.OnEof(_emitter);
            }
            catch (Exception e)
            {
                throw Failure(e, $"end of input for key \"{key}\"", hasItem: true);
            }

            After(key, state, action);
            FlushIfFull();
        }

        _timers.Clear();
        _buffer.FlushTo(Output);
    }

    protected override void CloseEpoch(long epoch)
    {
        if (_changed.Count == 0)
        {
            return;
        }

        if (_snapshots is not null)
        {
            var snapshots = new List<StateSnapshot>(_changed.Count);
            foreach (var key in _changed.Distinct(StringComparer.Ordinal))
            {
                snapshots.Add(new StateSnapshot(key, _keys.TryGetValue(key, out var state) ? Snapshot(key, state) : null));
            }

            _snapshots.Write(Context.StepId, Context.WorkerIndex, epoch, snapshots);
        }

        _changed.Clear();
    }

    protected override void SendProgress(long frontier) => Output.SendProgress(frontier);

    private StatefulLogic<TValue, TOut, TState> Build(string key)
    {
        try
        {
            return _builder(default);
        }
        catch (Exception e)
        {
            throw Failure(e, $"building the state of key \"{key}\"", hasItem: true);
        }
    }

    private byte[] Snapshot(string key, KeyState<StatefulLogic<TValue, TOut, TState>> state)
    {
        try
        {
            return _serde.ToBytes(state.Logic.Snapshot());
        }
        catch (Exception e)
        {
            throw Failure(e, $"snapshot of key \"{key}\"", hasItem: true);
        }
    }

    private void After(string key, KeyState<StatefulLogic<TValue, TOut, TState>> state, StateAction action)
    {
        if (action == StateAction.Discard)
        {
            _keys.Remove(key);
            _changed.Add(key);
            return;
        }

        if (state.ChangedInEpoch != CurrentEpoch)
        {
            state.ChangedInEpoch = CurrentEpoch;
            _changed.Add(key);
        }

        DateTimeOffset? at;
        try
        {
            at = state.Logic.NotifyAt();
        }
        catch (Exception e)
        {
            throw Failure(e, $"NotifyAt of key \"{key}\"", hasItem: true);
        }

        state.NotifyAt = at;
        if (at is { } due && (state.QueuedAt is not { } queued || due < queued))
        {
            Schedule(key, state, due);
        }
    }

    /// <summary>Queues a wake-up for <paramref name="key"/>; a key keeps at most one live entry, moved later lazily when it comes due.</summary>
    private void Schedule(string key, KeyState<StatefulLogic<TValue, TOut, TState>> state, DateTimeOffset at)
    {
        state.QueuedAt = at;
        _timers.Enqueue(key, at);
    }

    private void FlushIfFull()
    {
        if (_buffer.Count >= _flushAt)
        {
            _buffer.FlushTo(Output);
        }
    }
}

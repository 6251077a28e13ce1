using System.Buffers.Binary;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Orleans.Dataflow.Grains.Batching;
using Orleans.Dataflow.Grains.Progress;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Plan;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Grains.Operators.Stateful;

/// <summary>The one keyed stateful operator: runs a step's <see cref="KeyedLogic{TValue,TOut,TSlot,TState}"/> over the keys this worker owns.</summary>
/// <remarks>
/// Items arrive already routed to the worker that owns their key. Each key's slot sits inline in the key table
/// (<see cref="KeyTable{TValue}"/>), so an item costs one lookup, prefetched a few items ahead when the table is large: create the slot on the key's first item, call <c>OnItem</c> with it by
/// reference, then drop it on Discard or, for logics that use notifications, ask <c>NotifyAt</c>. Due
/// notifications fire from <see cref="FireDueNotifications"/>, which the worker loop calls without new data. At
/// epoch close the keys changed in the epoch are snapshotted (discarded ones as null tombstones). At EOF
/// <c>OnEof</c> runs for every key in ordinal key order, or in the key table's order when the step waives the sort.
/// <para>A step under a stream watermark (<c>StreamTimestampOf</c>) learns its senders' watermarks with their
/// progress (<see cref="StreamWatermark"/>); when an epoch starts with a later one, the logic is told, and the keys
/// whose notification time (an event time then) it has reached are notified: the timer queue is the index of keys by
/// time, so an advance touches only the keys due. The watermark is snapshotted beside the keys, under
/// <see cref="WatermarkStepId"/>, one entry per worker, so a resumed run, with any worker count, starts from it.</para>
/// </remarks>
internal sealed class StatefulOperator<TValue, TOut, TSlot, TState> : EpochAlignedOperator<(string Key, TValue Value)>, ITimedOperator, IWatermarkReceiver, IReusedBuffers
{
    /// <summary>What the step id of a step's stream watermark snapshots ends with: not a stateful step's, so every worker of a resumed run reads all of them.</summary>
    private const string WatermarkStepSuffix = "#watermark";

    private readonly KeyedLogic<TValue, TOut, TSlot, TState> _logic;
    private readonly bool _usesNotifications;
    private readonly bool _reactsToEof;
    private readonly bool _sortsKeysAtEof;
    private readonly ISerde<TState> _serde;
    private readonly ISnapshotSink? _snapshots;
    private readonly KeyTable<Entry> _keys = new();
    // A field, not stackalloc: a method that allocates on the stack is compiled fully optimized at once, never with the
    // profile of its first calls, so the step's logic and delegates in the loop over a batch were never devirtualized
    // (W3 and W2 at 1 worker ran 10-20 % faster with the ring here).
    private readonly int[] _hashRing = new int[KeyTable<Entry>.HashRing];
    private readonly PriorityQueue<string, long> _timers = new();
    private readonly List<string> _moved = [];
    private readonly List<(string Key, long At)> _due = [];
    private readonly List<string> _changed = [];
    private readonly List<KeyTimer> _keyTimers = [];
    private readonly Stack<int> _freeKeyTimers = [];
    private readonly HashSet<string> _snapshotted = new(StringComparer.Ordinal);
    private readonly List<StateSnapshot> _epochSnapshots = [];
    private readonly StepOutputs<TOut> _outputs;
    private readonly KeyedEmitter<TOut> _emitter;
    private readonly int _flushAt;
    private long _earliestMoved = long.MaxValue;
    private int _epochMark = 1;
    private readonly KeyCall _onNotify;
    private readonly KeyCall _onEof;
    private readonly Func<string, bool> _ownsKey;
    private readonly long _timeToLive;
    private readonly TimeProvider _clock;
    private readonly List<(int Mark, long EndedAt, long FirstEndedAt)> _epochEnds = [];
    private readonly List<string> _expired = [];
    private int _epochEndsHead;
    private readonly StreamWatermark? _streamWatermark;
    private long _writtenWatermark;
    private readonly bool _snapshotIsCopy;
    private long _snapshotBytes;

    public StatefulOperator(OperatorContext context, int channelCount, StatefulStep<TValue, TOut, TSlot, TState> step, Func<string, bool> ownsKey)
        : base(context, channelCount)
    {
        _ownsKey = ownsKey;
        try
        {
            _logic = step.LogicFactory(context.Step);
        }
        catch (Exception e)
        {
            throw Failure(e);
        }

        _usesNotifications = _logic.UsesNotifications;
        _reactsToEof = Overrides(_logic, nameof(KeyedLogic<TValue, TOut, TSlot, TState>.OnEof));
        _sortsKeysAtEof = step.SortsKeysAtEof;
        _onNotify = _logic.OnNotify;
        _onEof = _logic.OnEof;
        _serde = step.StateSerde;
        _snapshotIsCopy = _logic.SnapshotIsCopy;
        _snapshots = context.Snapshots;
        _flushAt = context.Options.ExchangeBatchSize;
        _outputs = new StepOutputs<TOut>(step.OutputCount, step.OutputOf, _flushAt);
        _emitter = new KeyedEmitter<TOut>(_outputs);
        _clock = context.Step.Clock;
        _timeToLive = step.StateTimeToLive?.Ticks ?? 0;
        if (step.StreamTimestampOf is not null)
        {
            _streamWatermark = new StreamWatermark(channelCount, context.StartEpoch);
        }

        if (_timeToLive > 0)
        {
            // Mark 0 is that of keys restored from the store and not seen since: they count as seen now.
            var now = _clock.GetUtcNow().UtcTicks;
            _epochEnds.Add((0, now, now));
        }
    }

    /// <summary>The step's outputs, by output number: one for most steps.</summary>
    public OutputPort<(string Key, TOut Value)>[] Outputs => _outputs.Ports;

    /// <inheritdoc/>
    public void ReleaseRecords() => _outputs.ReleaseRecords();

    /// <summary>The step id under which the step's stream watermark is snapshotted.</summary>
    public string WatermarkStepId => Context.StepId + WatermarkStepSuffix;

    /// <summary>Loads the keys this worker owns from the run's resume point, and asks each when it wants to be notified.</summary>
    /// <remarks>A resumed run may have another worker count: the keys are taken by who owns them now, not by who snapshotted them.</remarks>
    public void Restore()
    {
        var resume = Context.Resume;
        if (_streamWatermark is not null)
        {
            RestoreWatermark(resume);
        }

        foreach (var (key, bytes) in resume.KeysOf(Context.StepId))
        {
            if (!_ownsKey(key))
            {
                continue;
            }

            TSlot slot;
            try
            {
                slot = _logic.Restore(_serde.Deserialize(bytes));
            }
            catch (Exception e)
            {
                throw FailureWhile(e, $"restoring key \"{key}\" from its snapshot before epoch {resume.Epoch} in {resume.Locate(Context.StepId, key)}");
            }

            ref var entry = ref _keys.GetValueRefOrAddDefault(key, out _);
            entry.Slot = slot;
            if (_usesNotifications)
            {
                ScheduleNotification(key, ref entry);
            }
        }
    }

    /// <summary>How many keys hold live state on this worker.</summary>
    public int KeyCount => _keys.Count;

    /// <summary>The bytes of the key snapshots this operator has serialized for the recovery store; updated at each epoch close (or when the handoff serializes its snapshots), read for metrics.</summary>
    public long SnapshotBytes => Interlocked.Read(ref _snapshotBytes);

    public DateTimeOffset? NextWakeUp
    {
        get
        {
            if (_streamWatermark is not null)
            {
                // Its keys' times are event times, reached by the stream watermark, not by the clock.
                return null;
            }

            var next = _timers.TryPeek(out _, out var at) ? at : long.MaxValue;
            if (_moved.Count > 0)
            {
                next = Math.Min(next, _earliestMoved);
            }

            return next == long.MaxValue ? null : new DateTimeOffset(next, TimeSpan.Zero);
        }
    }

    public void FireDueNotifications(DateTimeOffset now)
    {
        if (_streamWatermark is null)
        {
            FireDue(now.UtcTicks);
        }
    }

    public void OnProgress(int channel, long frontier, long watermark)
    {
        if (frontier == Frontier.Eof)
        {
            _streamWatermark?.RecordEnd(channel, LatestEpochWithItems);
        }
        else
        {
            _streamWatermark?.Record(channel, frontier, watermark);
        }

        OnProgress(channel, frontier);
    }

    protected override void OnEpochStarted()
    {
        if (_streamWatermark is null || !_streamWatermark.MoveTo(CurrentEpoch))
        {
            return;
        }

        var watermark = _streamWatermark.Value;
        try
        {
            _logic.OnStreamWatermark(new DateTimeOffset(watermark, TimeSpan.Zero));
        }
        catch (Exception e)
        {
            throw FailureWhile(e, $"moving the stream watermark to {new DateTimeOffset(watermark, TimeSpan.Zero):O}");
        }

        FireDue(watermark);
    }

    /// <summary>Notifies every key whose notification time is at or before <paramref name="nowTicks"/>: system time, or the stream watermark.</summary>
    private void FireDue(long nowTicks)
    {
        _outputs.CurrentEpoch = CurrentEpoch;
        CallBeforeBatch();
        if (_moved.Count > 0 && _earliestMoved <= nowTicks)
        {
            QueueMovedTimers();
        }

        // Take the due timers first: a logic whose NotifyAt is still due after OnNotify fires again on the worker's
        // next round (as Bytewax does, once per activation), instead of spinning here forever without reading input.
        _due.Clear();
        while (_timers.TryPeek(out var key, out var at) && at <= nowTicks)
        {
            _timers.Dequeue();
            _due.Add((key, at));
        }

        foreach (var (key, at) in _due)
        {
            ref var entry = ref _keys.GetValueRefOrNullRef(key);
            if (Unsafe.IsNullRef(ref entry) || TimerOf(ref entry) is not { HasTimer: true } timer || timer.QueuedAt != at)
            {
                continue;
            }

            if (timer.Wanted > nowTicks)
            {
                Schedule(key, timer, timer.Wanted);
                continue;
            }

            timer.HasTimer = false;
            RunForKey(key, _onNotify, "notifying");
        }

        _outputs.Flush();
    }

    protected override void Apply(ArraySegment<(string Key, TValue Value)> items)
    {
        _outputs.CurrentEpoch = CurrentEpoch;
        CallBeforeBatch();
        var span = items.AsSpan();
        var lookups = new KeyLookups<Entry, TValue>(_keys, span, _hashRing);
        for (var i = 0; i < span.Length; i++)
        {
            var (key, value) = span[i];
            if (key is null)
            {
                throw NullKey.Failure(Context, (key, value));
            }

            ref var entry = ref _keys.GetValueRefOrAddDefault(key, lookups.HashOf(i, key), out var exists);
            if (!exists)
            {
                entry.Slot = Create(key);
            }

            _emitter.Key = key;
            StateAction action;
            try
            {
                action = _logic.OnItem(ref entry.Slot, value, _emitter);
            }
            catch (Exception e)
            {
                if (PassesOver(e, (key, value), CurrentEpoch))
                {
                    // The key keeps the state as the logic left it, and is snapshotted with the next item that changes it.
                    continue;
                }

                throw FailureOnItem(e, (key, value));
            }

            After(key, ref entry, action);
        }

        _outputs.Flush();
    }

    protected override void OnEof()
    {
        _outputs.CurrentEpoch = CurrentEpoch;
        if (_reactsToEof && _sortsKeysAtEof)
        {
            foreach (var key in _keys.Keys.Order(StringComparer.Ordinal).ToList())
            {
                RunForKey(key, _onEof, "ending the input of");
            }
        }
        else if (_reactsToEof)
        {
            // In the key table's order, with no copy: a Dictionary may lose entries while it is enumerated (a key
            // discarded at EOF), and OnEof adds none.
            foreach (var key in _keys.Keys)
            {
                RunForKey(key, _onEof, "ending the input of");
            }
        }

        _timers.Clear();
        _moved.Clear();
        _earliestMoved = long.MaxValue;
        _outputs.Flush();
    }

    protected override void CloseEpoch(long epoch)
    {
        if (_streamWatermark is not null && _snapshots is not null && _streamWatermark.Value != _writtenWatermark)
        {
            _writtenWatermark = _streamWatermark.Value;
            var bytes = new byte[sizeof(long)];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, _writtenWatermark);
            _snapshots.Write(WatermarkStepId, Context.WorkerIndex, epoch, [new StateSnapshot(Context.WorkerIndex.ToString(CultureInfo.InvariantCulture), bytes)]);
        }

        if (_timeToLive > 0)
        {
            ExpireIdleKeys();
        }

        if (_changed.Count == 0)
        {
            NextEpochMark();
            return;
        }

        if (_snapshots is IDeferredSnapshotSink deferred && _snapshotIsCopy)
        {
            HandOverUnserialized(deferred, epoch);
        }
        else if (_snapshots is not null)
        {
            // Reused from epoch to epoch: with a hundred thousand changed keys these are large objects, and a new
            // pair every epoch would cost full garbage collections.
            foreach (var key in _changed)
            {
                if (_snapshotted.Add(key))
                {
                    ref var entry = ref _keys.GetValueRefOrNullRef(key);
                    var snapshot = new StateSnapshot(key, Unsafe.IsNullRef(ref entry) ? null : Snapshot(key, ref entry));
                    Interlocked.Add(ref _snapshotBytes, snapshot.State?.Length ?? 0);
                    _epochSnapshots.Add(snapshot);
                }
            }

            _snapshots.Write(Context.StepId, Context.WorkerIndex, epoch, _epochSnapshots);
            _epochSnapshots.Clear();
            _snapshotted.Clear();
        }

        _changed.Clear();
        NextEpochMark();
    }

    /// <summary>Takes the snapshots of the keys changed in <paramref name="epoch"/> and hands them to <paramref name="sink"/> to serialize on its thread: they are copies, so the next items cannot change them.</summary>
    /// <remarks>Serializing a hundred thousand keys took milliseconds of the worker's thread at every close, and every record behind the close waited for it.</remarks>
    private void HandOverUnserialized(IDeferredSnapshotSink sink, long epoch)
    {
        var captured = new (string Key, bool Live, TState State)[_changed.Count];
        var count = 0;
        foreach (var key in _changed)
        {
            if (_snapshotted.Add(key))
            {
                ref var entry = ref _keys.GetValueRefOrNullRef(key);
                captured[count++] = Unsafe.IsNullRef(ref entry) ? (key, false, default!) : (key, true, Capture(key, ref entry));
            }
        }

        _snapshotted.Clear();
        sink.WriteDeferred(Context.StepId, Context.WorkerIndex, epoch, () => Serialize(captured.AsSpan(0, count)));
    }

    /// <summary>Serializes states captured at an epoch close, on the snapshot handoff's thread.</summary>
    private StateSnapshot[] Serialize(ReadOnlySpan<(string Key, bool Live, TState State)> captured)
    {
        var snapshots = new StateSnapshot[captured.Length];
        long bytes = 0;
        for (var i = 0; i < captured.Length; i++)
        {
            var (key, live, state) = captured[i];
            var serialized = live ? Serialize(key, state) : null;
            bytes += serialized?.Length ?? 0;
            snapshots[i] = new StateSnapshot(key, serialized);
        }

        Interlocked.Add(ref _snapshotBytes, bytes);
        return snapshots;
    }

    /// <summary>Discards the keys whose last item came in an epoch that ended at least the time-to-live ago; they are snapshotted as tombstones with this epoch.</summary>
    /// <remarks>
    /// A key's mark is the epoch of its last item, so the end times of recent epochs tell its idle time without a
    /// clock per key. Epochs that end within a 64th of the time-to-live of the last one listed share its entry
    /// (keeping their keys a little longer), so a zero epoch interval cannot grow the list without bound.
    /// </remarks>
    private void ExpireIdleKeys()
    {
        var now = _clock.GetUtcNow().UtcTicks;
        if (_epochEnds.Count > _epochEndsHead && _epochEnds[^1].Mark != 0 && now - _epochEnds[^1].FirstEndedAt < _timeToLive / 64)
        {
            _epochEnds[^1] = (_epochMark, now, _epochEnds[^1].FirstEndedAt);
        }
        else
        {
            _epochEnds.Add((_epochMark, now, now));
        }

        var expiredThrough = -1;
        while (_epochEndsHead < _epochEnds.Count && now - _epochEnds[_epochEndsHead].EndedAt >= _timeToLive)
        {
            expiredThrough = _epochEnds[_epochEndsHead++].Mark;
        }

        if (_epochEndsHead > 64 && _epochEndsHead * 2 > _epochEnds.Count)
        {
            _epochEnds.RemoveRange(0, _epochEndsHead);
            _epochEndsHead = 0;
        }

        if (expiredThrough < 0)
        {
            return;
        }

        foreach (var (key, entry) in _keys)
        {
            if (entry.ChangedMark <= expiredThrough)
            {
                _expired.Add(key);
            }
        }

        foreach (var key in _expired)
        {
            FreeTimer(ref _keys.GetValueRefOrNullRef(key));
            _keys.Remove(key);
            _changed.Add(key);
        }

        _expired.Clear();
    }

    /// <summary>Starts a new mark for the keys changed from now on; a key's mark tells whether it is already listed in <c>_changed</c>.</summary>
    /// <remarks>Marks are ints to keep the per-key entry small; after two billion epochs they start again from a clean slate.</remarks>
    private void NextEpochMark()
    {
        if (_epochMark < int.MaxValue)
        {
            _epochMark++;
            return;
        }

        foreach (var key in _keys.Keys)
        {
            _keys.GetValueRefOrNullRef(key).ChangedMark = 0;
        }

        _epochMark = 1;
        if (_timeToLive > 0)
        {
            // Every key now has mark 0: counted as seen now, as restored keys are.
            var now = _clock.GetUtcNow().UtcTicks;
            _epochEnds.Clear();
            _epochEndsHead = 0;
            _epochEnds.Add((0, now, now));
        }
    }

    protected override void SendProgress(long frontier) => _outputs.SendProgress(frontier);

    /// <summary>Starts the stream watermark from the latest any worker of the run before had snapshotted: at a committed epoch all had the same.</summary>
    private void RestoreWatermark(ResumePoint resume)
    {
        var floor = 0L;
        foreach (var (worker, bytes) in resume.KeysOf(WatermarkStepId))
        {
            if (bytes.Length != sizeof(long))
            {
                throw FailureWhile(new SerdeException($"a stream watermark snapshot is {sizeof(long)} bytes; got {bytes.Length}"),
                    $"restoring the stream watermark of worker {worker} in {resume.Locate(WatermarkStepId, worker)}");
            }

            floor = Math.Max(floor, BinaryPrimitives.ReadInt64LittleEndian(bytes));
        }

        _streamWatermark!.Resume(floor);
        _writtenWatermark = _streamWatermark.Value;
        try
        {
            _logic.OnStreamWatermark(new DateTimeOffset(_streamWatermark.Value, TimeSpan.Zero));
        }
        catch (Exception e)
        {
            throw FailureWhile(e, "restoring the stream watermark");
        }
    }

    /// <summary>Whether <paramref name="logic"/> overrides the base logic's <paramref name="method"/>.</summary>
    /// <remarks>The base <c>OnEof</c> emits nothing and retains: a logic that keeps it (stateful_map, a running fold) needs no pass over its keys, sorted, at the end of input.</remarks>
    private static bool Overrides(KeyedLogic<TValue, TOut, TSlot, TState> logic, string method)
        => logic.GetType().GetMethod(method, BindingFlags.Public | BindingFlags.Instance)?.DeclaringType is { } declaring
            && !(declaring.IsGenericType && declaring.GetGenericTypeDefinition() == typeof(KeyedLogic<,,,>));

    /// <summary>Runs a call that is not about one item (a notification, EOF) for a live key, then applies what it asked for.</summary>
    private void RunForKey(string key, KeyCall call, string doing)
    {
        ref var entry = ref _keys.GetValueRefOrNullRef(key);
        _emitter.Key = key;
        StateAction action;
        try
        {
            action = call(ref entry.Slot, _emitter);
        }
        catch (Exception e)
        {
            throw FailureWhile(e, $"{doing} key \"{key}\"");
        }

        After(key, ref entry, action);
        FlushIfFull();
    }

    private void CallBeforeBatch()
    {
        try
        {
            _logic.BeforeBatch();
        }
        catch (Exception e)
        {
            throw FailureWhile(e, "preparing a batch");
        }
    }

    private TSlot Create(string key)
    {
        try
        {
            return _logic.Create();
        }
        catch (Exception e)
        {
            _keys.Remove(key);
            throw FailureWhile(e, $"creating the state of key \"{key}\"");
        }
    }

    private byte[] Snapshot(string key, ref Entry entry) => Serialize(key, Capture(key, ref entry));

    private TState Capture(string key, ref Entry entry)
    {
        try
        {
            return _logic.Snapshot(ref entry.Slot);
        }
        catch (Exception e)
        {
            throw FailureWhile(e, $"snapshotting key \"{key}\"");
        }
    }

    /// <summary>The bytes of a key's snapshot; called on the worker's thread or, for snapshots that are copies, on the snapshot handoff's.</summary>
    private byte[] Serialize(string key, TState state)
    {
        try
        {
            return _serde.ToBytes(state);
        }
        catch (Exception e)
        {
            throw FailureWhile(e, $"snapshotting key \"{key}\"");
        }
    }

    private void After(string key, ref Entry entry, StateAction action)
    {
        if (action == StateAction.Discard)
        {
            FreeTimer(ref entry);
            _keys.Remove(key);
            _changed.Add(key);
            return;
        }

        if (entry.ChangedMark != _epochMark)
        {
            entry.ChangedMark = _epochMark;
            _changed.Add(key);
        }

        if (_usesNotifications)
        {
            ScheduleNotification(key, ref entry);
        }
    }

    /// <summary>The notification of a key, or null if it never asked for one.</summary>
    private KeyTimer? TimerOf(ref Entry entry) => entry.Timer == 0 ? null : _keyTimers[entry.Timer - 1];

    /// <summary>The notification of a key, made when it first asks for one (reusing one a discarded key left).</summary>
    private KeyTimer TimerFor(ref Entry entry)
    {
        if (entry.Timer != 0)
        {
            return _keyTimers[entry.Timer - 1];
        }

        if (_freeKeyTimers.TryPop(out var free))
        {
            entry.Timer = free + 1;
            return _keyTimers[free];
        }

        var timer = new KeyTimer();
        _keyTimers.Add(timer);
        entry.Timer = _keyTimers.Count;
        return timer;
    }

    /// <summary>Gives a discarded key's notification back for reuse; its entries in the queue go stale with it.</summary>
    private void FreeTimer(ref Entry entry)
    {
        if (entry.Timer == 0)
        {
            return;
        }

        // Cleared in place for the next key: the queue's entries for this key go stale with it, as they are looked up by key.
        var index = entry.Timer - 1;
        _keyTimers[index].Clear();
        _freeKeyTimers.Push(index);
        entry.Timer = 0;
    }

    /// <summary>Asks the logic when <paramref name="key"/> wants to be notified, and keeps its timer to that.</summary>
    private void ScheduleNotification(string key, ref Entry entry)
    {
        long wanted;
        try
        {
            wanted = _logic.NotifyAtTicks(ref entry.Slot);
        }
        catch (Exception e)
        {
            throw FailureWhile(e, $"asking when to notify key \"{key}\"");
        }

        if (wanted == long.MaxValue)
        {
            if (TimerOf(ref entry) is { } none)
            {
                none.HasTimer = false;
            }

            return;
        }

        var timer = TimerFor(ref entry);
        if (!timer.HasTimer)
        {
            Schedule(key, timer, wanted);
        }
        else
        {
            timer.Wanted = wanted;
            if (wanted < timer.QueuedAt)
            {
                MovedEarlier(key, timer, wanted);
            }
        }
    }

    /// <summary>Notes that a key's wake-up moved before its queue entry; the queue learns it only when the earliest such time comes due.</summary>
    /// <remarks>
    /// Replaying an event clock moves a key's wake-up earlier on nearly every item; queuing each move would cost a
    /// queue insert per item. Instead the moved keys are listed once each, and <see cref="NextWakeUp"/> reports the
    /// earliest of them, so the worker still wakes in time.
    /// </remarks>
    private void MovedEarlier(string key, KeyTimer timer, long wanted)
    {
        if (!timer.Moved)
        {
            timer.Moved = true;
            _moved.Add(key);
        }

        if (wanted < _earliestMoved)
        {
            _earliestMoved = wanted;
        }
    }

    /// <summary>Queues the wake-ups of every key whose wake-up moved earlier than its queue entry.</summary>
    private void QueueMovedTimers()
    {
        foreach (var key in _moved)
        {
            ref var entry = ref _keys.GetValueRefOrNullRef(key);
            if (Unsafe.IsNullRef(ref entry) || TimerOf(ref entry) is not { } timer)
            {
                continue;
            }

            timer.Moved = false;
            if (timer.HasTimer && timer.Wanted < timer.QueuedAt)
            {
                timer.QueuedAt = timer.Wanted;
                _timers.Enqueue(key, timer.Wanted);
            }
        }

        _moved.Clear();
        _earliestMoved = long.MaxValue;
        if (_timers.Count > (2 * _keys.Count) + 1024)
        {
            RebuildTimers();
        }
    }

    /// <summary>Queues a wake-up for <paramref name="key"/> at <paramref name="at"/>; the key's live queue entry is the one at its <c>QueuedAt</c>.</summary>
    /// <remarks>
    /// A later wake-up only updates <c>Wanted</c>, and the entry is moved when it comes due; an earlier one needs a new
    /// entry, and the old one goes stale. When stale entries outnumber the keys, the queue is rebuilt from the keys,
    /// so it stays proportional to them even when every item moves a key's wake-up earlier (a replayed event clock).
    /// </remarks>
    private void Schedule(string key, KeyTimer timer, long at)
    {
        timer.HasTimer = true;
        timer.Wanted = at;
        timer.QueuedAt = at;
        _timers.Enqueue(key, at);
        if (_timers.Count > (2 * _keys.Count) + 1024)
        {
            RebuildTimers();
        }
    }

    private void RebuildTimers()
    {
        _timers.Clear();
        foreach (var (key, entry) in _keys)
        {
            if (entry.Timer != 0 && _keyTimers[entry.Timer - 1] is { HasTimer: true } timer)
            {
                _timers.Enqueue(key, timer.QueuedAt);
            }
        }

        QueueMovedTimers();
    }

    private void FlushIfFull()
    {
        if (_outputs.Count >= _flushAt)
        {
            _outputs.Flush();
        }
    }

    /// <summary>A logic call on one key's slot: <c>OnNotify</c> or <c>OnEof</c>.</summary>
    private delegate StateAction KeyCall(ref TSlot slot, Emitter<TOut> output);

    /// <summary>What the operator keeps per key: the logic's slot, the mark of the last epoch the key changed in, and its notification, if it ever asked for one.</summary>
    /// <remarks>
    /// Kept small, since lookups in a table of many keys are bound by memory (W2's hundred thousand keys): the
    /// notification is an object of its own, found by its index + 1 (0: none), and the epoch is an int mark.
    /// </remarks>
    private struct Entry
    {
        public TSlot Slot;
        public int ChangedMark;
        public int Timer;
    }

    /// <summary>A key's pending notification: when the logic wants it and when its entry in the timer queue comes due (never later), in UTC ticks.</summary>
    private sealed class KeyTimer
    {
        public bool HasTimer;
        public bool Moved;
        public long Wanted;
        public long QueuedAt;

        /// <summary>Forgets the notification, for the next key to use this timer.</summary>
        public void Clear()
        {
            HasTimer = false;
            Moved = false;
            Wanted = 0;
            QueuedAt = 0;
        }
    }
}

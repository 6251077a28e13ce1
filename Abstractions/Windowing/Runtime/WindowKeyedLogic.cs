using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Windowing;

/// <summary>The keyed logic under every windowing operator (Bytewax's window logic): per key, a clock, a windower and one slot per open window.</summary>
/// <remarks>
/// <para>Per item: the clock gives its timestamp and the key's watermark. An item before the watermark is late and
/// goes to the late stream for every window it would have been in. Otherwise it is applied to the windows it falls
/// in: at once when unordered, or once the watermark reaches it, in timestamp order, when ordered. Then merges are
/// applied and windows the watermark has passed are closed: their close output, then their metadata (only when a
/// step reads the meta stream: <c>emitsMeta</c>; otherwise the windower gives the closed windows' ids alone and makes
/// no metadata).</para>
/// <para>The key asks to be woken when its earliest window could close (or its earliest queued item comes due), as
/// the clock maps that to system time, so windows close without new items. At EOF the clock's watermark closes
/// everything. A key whose windower, windows and queue are all empty is dropped, clock included, as in Bytewax.</para>
/// <para>Under a stream watermark (<see cref="WatermarkScope.PerStream"/>) the clock is a
/// <see cref="StreamClockRuntime{TValue}"/> that the engine moves, and the wake-up times are event times that the
/// engine's timers reach with the stream watermark: the operator's queue of timers is the index of keys by their
/// earliest close, so an advance touches only the keys it closes windows of.</para>
/// </remarks>
internal sealed class WindowKeyedLogic<TValue, TOut, TSlot, TState>(
    Clock<TValue> clock,
    Windower windower,
    WindowAggregator<TValue, TOut, TSlot, TState> windows,
    bool ordered,
    TimeProvider systemClock,
    bool emitsMeta = true)
    : KeyedLogic<TValue, WindowEvent<TValue, TOut>, WindowKeyState<TValue, TSlot>, WindowSnapshot<TValue, TState>>
{
    private readonly ClockRuntime<TValue> _clock = clock.Runtime();
    private readonly WindowEmitter<TValue, TOut> _windowOutput = new();
    private readonly List<long> _ids = [];
    private readonly List<(long Original, long Target)> _merges = [];
    private readonly List<(long WindowId, WindowMetadata Metadata)> _closed = [];
    private readonly List<long> _closedIds = [];
    private readonly RecycledKeyParts<TValue, TSlot> _recycled = new();
    private readonly List<(TValue Value, long Timestamp, int Arrival)> _due = [];
    private readonly bool _windowsMerge = windower.Merges;
    private readonly Func<DateTimeOffset> _now = clock.SystemTime ?? systemClock.GetUtcNow;
    private readonly bool _usesNotifications = clock.WakesOperator;
    private long _batchNow = (clock.SystemTime ?? systemClock.GetUtcNow)().UtcTicks;

    /// <summary>True unless the clock's time is not the system's (a replaying event clock): then only items and EOF close windows.</summary>
    public override bool UsesNotifications => _usesNotifications;

    /// <summary>A window snapshot is built fresh at each close: it is a copy when the windows' own snapshots are, and, for ordered windows, the queued values too.</summary>
    public override bool SnapshotIsCopy { get; } = windows.SnapshotIsCopy && (!ordered || DetachedSnapshots.AreCopies<TValue>());

    public override void BeforeBatch() => _batchNow = _now().UtcTicks;

    /// <summary>Moves every key's watermark, when the clock's watermark is the stream's; windows then close as the engine notifies their keys.</summary>
    public override void OnStreamWatermark(DateTimeOffset watermark) => (_clock as StreamClockRuntime<TValue>)?.Advance(watermark.UtcTicks);

    public override WindowKeyState<TValue, TSlot> Create()
    {
        var key = new WindowKeyState<TValue, TSlot>(_recycled.TakeWindower() ?? windower.Start(null));
        _clock.Start(ref key.Clock, null);
        return key;
    }

    public override WindowKeyState<TValue, TSlot> Restore(WindowSnapshot<TValue, TState> state)
    {
        var key = new WindowKeyState<TValue, TSlot>(windower.Start(state.Windower));
        _clock.Start(ref key.Clock, state.Clock);
        foreach (var (id, windowState) in state.Windows)
        {
            key.AddOther(id, windows.Restore(windowState));
        }

        foreach (var entry in state.Queue)
        {
            Enqueue(ref key, entry.Value, entry.Timestamp.UtcTicks);
        }

        return key;
    }

    public override StateAction OnItem(ref WindowKeyState<TValue, TSlot> key, TValue value, Emitter<WindowEvent<TValue, TOut>> output)
    {
        var timestamp = _clock.OnItemTicks(ref key.Clock, value, _batchNow, out var watermark);
        Advance(ref key, watermark);
        if (timestamp < watermark)
        {
            _ids.Clear();
            key.Windower.LateFor(TimeMath.Utc(timestamp), _ids);
            foreach (var id in _ids)
            {
                output.Emit(WindowEvent<TValue, TOut>.OfLate(id, value));
            }
        }
        else if (ordered)
        {
            Enqueue(ref key, value, timestamp);
        }
        else if (timestamp >= key.SingleOpenTicks && timestamp < key.SingleCloseTicks)
        {
            // The common case of tumbling windows: the same window as the key's last item, without the windower.
            Target(output);
            _windowOutput.WindowId = key.LastWindowId;
            windows.OnValue(ref key.LastSlot, value, _windowOutput);
        }
        else if (timestamp >= key.RangeFromTicks && timestamp < key.RangeUntilTicks)
        {
            // The common case of sliding windows: the same windows as the key's last item, without the windower.
            ApplyToRange(ref key, value, output);
        }
        else
        {
            Insert(ref key, value, timestamp, output);
        }

        if ((ordered && key.QueuedCount > 0) || _windowsMerge || key.NextCloseTicks <= watermark)
        {
            Flush(ref key, TimeMath.Utc(watermark), output);
        }

        return Keep(ref key);
    }

    public override StateAction OnNotify(ref WindowKeyState<TValue, TSlot> key, Emitter<WindowEvent<TValue, TOut>> output)
    {
        var watermark = _clock.OnNotify(ref key.Clock, _now());
        Advance(ref key, watermark.UtcTicks);
        Flush(ref key, watermark, output);
        return Keep(ref key);
    }

    public override StateAction OnEof(ref WindowKeyState<TValue, TSlot> key, Emitter<WindowEvent<TValue, TOut>> output)
    {
        var watermark = _clock.OnEof(ref key.Clock);
        Advance(ref key, watermark.UtcTicks);
        Flush(ref key, watermark, output);
        return Keep(ref key);
    }

    public override DateTimeOffset? NotifyAt(ref WindowKeyState<TValue, TSlot> key)
        => NotifyAtTicks(ref key) is var wake && wake != long.MaxValue ? TimeMath.Utc(wake) : null;

    public override long NotifyAtTicks(ref WindowKeyState<TValue, TSlot> key)
    {
        var at = key.Windower.NotifyAtTicks;
        if (key.QueuedCount > 0)
        {
            at = Math.Min(at, key.EarliestQueuedTicks);
        }

        return at == long.MaxValue ? long.MaxValue : _clock.ToSystemTicks(ref key.Clock, at);
    }

    public override WindowSnapshot<TValue, TState> Snapshot(ref WindowKeyState<TValue, TSlot> key)
    {
        var states = new List<(long Id, TState State)>((key.HasLast ? 1 : 0) + key.RunCount + (key.Others?.Count ?? 0));
        if (key.HasLast)
        {
            states.Add((key.LastWindowId, windows.Snapshot(ref key.LastSlot)));
        }

        for (var i = 0; i < key.RunCount; i++)
        {
            states.Add((key.RunFirst + i, windows.Snapshot(ref key.Run![i])));
        }

        if (key.Others is not null)
        {
            foreach (var id in key.Others.Keys)
            {
                states.Add((id, windows.Snapshot(ref CollectionsMarshal.GetValueRefOrNullRef(key.Others, id))));
            }
        }

        states.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return new WindowSnapshot<TValue, TState>(_clock.Snapshot(ref key.Clock), key.Windower.Snapshot(), states, key.Queue is null ? [] : key.Queue.ConvertAll(static entry => (entry.Value, TimeMath.Utc(entry.Ticks))));
    }

    /// <summary>Whether the key stays; one that holds nothing is dropped, and its windower, queue and run go to the next keys.</summary>
    private StateAction Keep(ref WindowKeyState<TValue, TSlot> key)
    {
        if (!key.IsEmpty)
        {
            return StateAction.Retain;
        }

        _recycled.Keep(ref key);
        return StateAction.Discard;
    }

    private static void Advance(ref WindowKeyState<TValue, TSlot> key, long watermark)
    {
        if (watermark < key.LastWatermark)
        {
            ThrowWatermarkWentBack(key.LastWatermark, watermark);
        }

        key.LastWatermark = watermark;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowWatermarkWentBack(long last, long watermark) =>
        throw new InvalidOperationException(
            $"the clock's watermark went back from {TimeMath.Utc(last):O} to {TimeMath.Utc(watermark):O}; a clock's watermark must never go back");

    private void Enqueue(ref WindowKeyState<TValue, TSlot> key, TValue value, long timestamp)
    {
        if (key.QueuedCount == 0 || timestamp < key.EarliestQueuedTicks)
        {
            key.EarliestQueuedTicks = timestamp;
        }

        (key.Queue ??= _recycled.TakeQueue()).Add((value, timestamp));
    }

    private void Target(Emitter<WindowEvent<TValue, TOut>> output)
    {
        if (!ReferenceEquals(_windowOutput.Target, output))
        {
            _windowOutput.Target = output;
        }
    }

    private void Insert(ref WindowKeyState<TValue, TSlot> key, TValue value, long timestamp, Emitter<WindowEvent<TValue, TOut>> output)
    {
        Target(output);
        if (key.Windower.TryOpenSingle(timestamp, out var only, out var openTicks, out var closeTicks))
        {
            if (!key.HasLast || key.LastWindowId != only)
            {
                // Made before the key changes, so a throwing builder leaves the key as it was.
                var slot = key.TryTake(only, out var existing) ? existing : NewSlot();
                key.MakeLast(only, slot);
            }

            _windowOutput.WindowId = only;
            windows.OnValue(ref key.LastSlot, value, _windowOutput);
            key.SingleOpenTicks = openTicks;
            key.SingleCloseTicks = closeTicks;
        }
        else if (key.Windower.TryOpenRange(timestamp, out var first, out var last, out var fromTicks, out var untilTicks))
        {
            key.Run ??= _recycled.TakeRun();
            for (var id = first; id <= last; id++)
            {
                if (Unsafe.IsNullRef(ref key.Find(id)))
                {
                    // Made before the key changes, so a throwing builder leaves the key as it was.
                    key.AddToRun(id, NewSlot());
                }
            }

            key.RangeFirst = first;
            key.RangeLast = last;
            key.RangeFromTicks = fromTicks;
            key.RangeUntilTicks = untilTicks;
            ApplyToRange(ref key, value, output);
        }
        else
        {
            _ids.Clear();
            key.Windower.OpenFor(TimeMath.Utc(timestamp), _ids);
            for (var i = 0; i < _ids.Count; i++)
            {
                var id = _ids[i];
                ref TSlot slot = ref key.Find(id);
                if (Unsafe.IsNullRef(ref slot))
                {
                    key.AddOther(id, NewSlot());
                    slot = ref key.Find(id);
                }

                _windowOutput.WindowId = id;
                windows.OnValue(ref slot, value, _windowOutput);
            }
        }

        key.NextCloseTicks = key.Windower.EarliestCloseTicks;
    }

    /// <summary>Applies <paramref name="value"/> to every window of the key's current range, whose slots all exist.</summary>
    private void ApplyToRange(ref WindowKeyState<TValue, TSlot> key, TValue value, Emitter<WindowEvent<TValue, TOut>> output)
    {
        Target(output);
        for (var id = key.RangeFirst; id <= key.RangeLast; id++)
        {
            _windowOutput.WindowId = id;
            windows.OnValue(ref key.Find(id), value, _windowOutput);
        }
    }

    /// <summary>Applies the queued items the watermark has reached, then merges, then closes the windows it has passed.</summary>
    private void Flush(ref WindowKeyState<TValue, TSlot> key, DateTimeOffset watermark, Emitter<WindowEvent<TValue, TOut>> output)
    {
        if (key.QueuedCount > 0 && key.EarliestQueuedTicks <= watermark.UtcTicks)
        {
            ApplyDue(ref key, watermark.UtcTicks, output);
        }

        if (_windowsMerge)
        {
            ApplyMerges(ref key, output);
        }

        if (emitsMeta)
        {
            _closed.Clear();
            key.Windower.CloseFor(watermark, _closed);
            foreach (var (id, meta) in _closed)
            {
                Close(ref key, id, output);
                output.Emit(WindowEvent<TValue, TOut>.OfMeta(id, meta));
            }
        }
        else
        {
            _closedIds.Clear();
            key.Windower.CloseIdsFor(watermark, _closed, _closedIds);
            foreach (var id in _closedIds)
            {
                Close(ref key, id, output);
            }
        }

        key.NextCloseTicks = key.Windower.EarliestCloseTicks;
    }

    /// <summary>Emits the close output of window <paramref name="windowId"/>, which the windower has closed, and drops its slot.</summary>
    private void Close(ref WindowKeyState<TValue, TSlot> key, long windowId, Emitter<WindowEvent<TValue, TOut>> output)
    {
        if (key.TryTake(windowId, out var slot))
        {
            Target(output);
            _windowOutput.WindowId = windowId;
            windows.OnClose(ref slot, _windowOutput);
            if (windows.TryReset(ref slot))
            {
                _recycled.KeepSlot(slot);
            }
        }
    }

    /// <summary>The slot of a window on its first value: a closed window's, emptied, when one is kept.</summary>
    private TSlot NewSlot() => _recycled.TryTakeSlot(out var slot) ? slot : windows.Create();

    private void ApplyMerges(ref WindowKeyState<TValue, TSlot> key, Emitter<WindowEvent<TValue, TOut>> output)
    {
        _merges.Clear();
        key.Windower.TakeMerged(_merges);
        foreach (var (original, target) in _merges)
        {
            if (original == target || !key.TryTake(original, out var absorbed))
            {
                continue;
            }

            ref TSlot into = ref key.Find(target);
            if (Unsafe.IsNullRef(ref into))
            {
                key.AddOther(target, absorbed);
                continue;
            }

            Target(output);
            _windowOutput.WindowId = target;
            windows.OnMerge(ref into, absorbed, _windowOutput);
        }
    }

    /// <summary>Takes the queued items at or before the watermark and applies them in timestamp order, ties in arrival order.</summary>
    private void ApplyDue(ref WindowKeyState<TValue, TSlot> key, long watermark, Emitter<WindowEvent<TValue, TOut>> output)
    {
        _due.Clear();
        var earliestLeft = long.MaxValue;
        var kept = 0;
        var queue = key.Queue!;
        for (var i = 0; i < queue.Count; i++)
        {
            var entry = queue[i];
            var timestamp = entry.Ticks;
            if (timestamp <= watermark)
            {
                _due.Add((entry.Value, timestamp, i));
            }
            else
            {
                queue[kept++] = entry;
                earliestLeft = Math.Min(earliestLeft, timestamp);
            }
        }

        queue.RemoveRange(kept, queue.Count - kept);
        key.EarliestQueuedTicks = earliestLeft;
        _due.Sort(static (a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.Arrival.CompareTo(b.Arrival));
        foreach (var (value, timestamp, _) in _due)
        {
            Insert(ref key, value, timestamp, output);
        }
    }
}

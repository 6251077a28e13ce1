using System.Runtime.InteropServices;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Windowing;

/// <summary>The keyed logic under every windowing operator (Bytewax's window logic): per key, a clock, a windower and one logic per open window.</summary>
/// <remarks>
/// <para>Per item: the clock gives its timestamp and the key's watermark. An item before the watermark is late and
/// goes to the late stream for every window it would have been in. Otherwise it is applied to the windows it falls
/// in: at once when unordered, or once the watermark reaches it, in timestamp order, when ordered. Then merges are
/// applied and windows the watermark has passed are closed: their logic's close output, then their metadata.</para>
/// <para>The key asks to be woken when its earliest window could close (or its earliest queued item comes due), as
/// the clock maps that to system time, so windows close without new items. At EOF the clock's watermark closes
/// everything. A key whose windower, windows and queue are all empty is dropped, clock included, as in Bytewax.</para>
/// </remarks>
internal sealed class WindowKeyedLogic<TValue, TOut, TState>(
    Clock<TValue> clock,
    Windower windower,
    WindowLogicFactory<TValue, TOut, TState> windows,
    bool ordered,
    TimeProvider systemClock)
    : KeyedLogic<TValue, WindowEvent<TValue, TOut>, WindowKeyState<TValue, TOut, TState>, WindowSnapshot<TValue, TState>>
{
    private readonly WindowEmitter<TValue, TOut> _windowOutput = new();
    private readonly List<long> _ids = [];
    private readonly List<(long Original, long Target)> _merges = [];
    private readonly List<(long WindowId, WindowMetadata Metadata)> _closed = [];
    private readonly List<(TValue Value, DateTimeOffset Timestamp, int Arrival)> _due = [];
    private readonly bool _windowsMerge = windower.Merges;
    private readonly Func<DateTimeOffset> _now = clock.SystemTime ?? systemClock.GetUtcNow;
    private readonly bool _usesNotifications = clock.WakesOperator;
    private long _batchNow = (clock.SystemTime ?? systemClock.GetUtcNow)().UtcTicks;

    /// <summary>True unless the clock's time is not the system's (a replaying event clock): then only items and EOF close windows.</summary>
    public override bool UsesNotifications => _usesNotifications;

    public override void BeforeBatch() => _batchNow = _now().UtcTicks;

    public override WindowKeyState<TValue, TOut, TState> Create()
    {
        // The clock is read on every item and the windower mostly not: allocating the clock right before the key's
        // state keeps the two next to each other in memory.
        var windowerRuntime = windower.Start(null);
        return new(clock.Start(null), windowerRuntime);
    }

    public override WindowKeyState<TValue, TOut, TState> Restore(WindowSnapshot<TValue, TState> state)
    {
        var key = new WindowKeyState<TValue, TOut, TState>(clock.Start(state.Clock), windower.Start(state.Windower));
        foreach (var (id, windowState) in state.Windows)
        {
            key.Logics[id] = windows.Restore(windowState);
        }

        foreach (var entry in state.Queue)
        {
            Enqueue(key, entry.Value, entry.Timestamp);
        }

        return key;
    }

    public override StateAction OnItem(ref WindowKeyState<TValue, TOut, TState> slot, TValue value, Emitter<WindowEvent<TValue, TOut>> output)
    {
        var key = slot;
        var timestamp = key.Clock.OnItemTicks(value, _batchNow, out var watermark);
        Advance(key, watermark);
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
            Enqueue(key, value, TimeMath.Utc(timestamp));
        }
        else if (timestamp >= key.SingleOpenTicks && timestamp < key.SingleCloseTicks)
        {
            // The common case of tumbling windows: the same window as the key's last item, without the windower.
            if (!ReferenceEquals(_windowOutput.Target, output))
            {
                _windowOutput.Target = output;
            }

            _windowOutput.WindowId = key.LastWindowId;
            key.LastLogic!.OnValue(value, _windowOutput);
        }
        else
        {
            Insert(key, value, timestamp, output);
        }

        if ((ordered && key.Queue.Count > 0) || _windowsMerge || key.NextCloseTicks <= watermark)
        {
            Flush(key, TimeMath.Utc(watermark), output);
        }

        return key.IsEmpty ? StateAction.Discard : StateAction.Retain;
    }

    public override StateAction OnNotify(ref WindowKeyState<TValue, TOut, TState> slot, Emitter<WindowEvent<TValue, TOut>> output)
    {
        var key = slot;
        var watermark = key.Clock.OnNotify(_now());
        Advance(key, watermark.UtcTicks);
        Flush(key, watermark, output);
        return key.IsEmpty ? StateAction.Discard : StateAction.Retain;
    }

    public override StateAction OnEof(ref WindowKeyState<TValue, TOut, TState> slot, Emitter<WindowEvent<TValue, TOut>> output)
    {
        var key = slot;
        var watermark = key.Clock.OnEof();
        Advance(key, watermark.UtcTicks);
        Flush(key, watermark, output);
        return key.IsEmpty ? StateAction.Discard : StateAction.Retain;
    }

    public override DateTimeOffset? NotifyAt(ref WindowKeyState<TValue, TOut, TState> slot)
    {
        var key = slot;
        var at = key.Windower.NotifyAtTicks;
        if (key.Queue.Count > 0)
        {
            at = Math.Min(at, key.EarliestQueued.UtcTicks);
        }

        if (at == long.MaxValue)
        {
            return null;
        }

        var wake = key.Clock.ToSystemTicks(at);
        return wake == long.MaxValue ? null : TimeMath.Utc(wake);
    }

    public override WindowSnapshot<TValue, TState> Snapshot(ref WindowKeyState<TValue, TOut, TState> slot)
    {
        var key = slot;
        var states = new List<(long, TState)>(key.Logics.Count);
        foreach (var (id, logic) in key.Logics.OrderBy(window => window.Key))
        {
            states.Add((id, logic.Snapshot()));
        }

        return new WindowSnapshot<TValue, TState>(key.Clock.Snapshot(), key.Windower.Snapshot(), states, [.. key.Queue]);
    }

    private static void Advance(WindowKeyState<TValue, TOut, TState> key, long watermark)
    {
        if (watermark < key.LastWatermark)
        {
            throw new InvalidOperationException(
                $"the clock's watermark went back from {TimeMath.Utc(key.LastWatermark):O} to {TimeMath.Utc(watermark):O}; a clock's watermark must never go back");
        }

        key.LastWatermark = watermark;
    }

    private static void Enqueue(WindowKeyState<TValue, TOut, TState> key, TValue value, DateTimeOffset timestamp)
    {
        if (key.Queue.Count == 0 || timestamp < key.EarliestQueued)
        {
            key.EarliestQueued = timestamp;
        }

        key.Queue.Add((value, timestamp));
    }

    private void Insert(WindowKeyState<TValue, TOut, TState> key, TValue value, long timestamp, Emitter<WindowEvent<TValue, TOut>> output)
    {
        if (!ReferenceEquals(_windowOutput.Target, output))
        {
            _windowOutput.Target = output;
        }

        if (key.Windower.TryOpenSingle(timestamp, out var only, out var openTicks, out var closeTicks))
        {
            Apply(key, only, value);
            key.SingleOpenTicks = openTicks;
            key.SingleCloseTicks = closeTicks;
        }
        else
        {
            _ids.Clear();
            key.Windower.OpenFor(TimeMath.Utc(timestamp), _ids);
            for (var i = 0; i < _ids.Count; i++)
            {
                Apply(key, _ids[i], value);
            }
        }

        key.NextCloseTicks = key.Windower.EarliestCloseTicks;
    }

    private void Apply(WindowKeyState<TValue, TOut, TState> key, long windowId, TValue value)
    {
        var logic = windowId == key.LastWindowId ? key.LastLogic! : LogicOf(key, windowId);
        _windowOutput.WindowId = windowId;
        logic.OnValue(value, _windowOutput);
    }

    private WindowLogic<TValue, TOut, TState> LogicOf(WindowKeyState<TValue, TOut, TState> key, long id)
    {
        ref var logic = ref CollectionsMarshal.GetValueRefOrAddDefault(key.Logics, id, out var exists);
        if (!exists)
        {
            try
            {
                logic = windows.Create();
            }
            catch
            {
                key.Logics.Remove(id);
                throw;
            }
        }

        key.LastWindowId = id;
        key.LastLogic = logic;
        return logic!;
    }

    /// <summary>Applies the queued items the watermark has reached, then merges, then closes the windows it has passed.</summary>
    private void Flush(WindowKeyState<TValue, TOut, TState> key, DateTimeOffset watermark, Emitter<WindowEvent<TValue, TOut>> output)
    {
        if (key.Queue.Count > 0 && key.EarliestQueued <= watermark)
        {
            ApplyDue(key, watermark, output);
        }

        if (_windowsMerge)
        {
            ApplyMerges(key, output);
        }

        _closed.Clear();
        key.Windower.CloseFor(watermark, _closed);
        foreach (var (id, meta) in _closed)
        {
            key.Forget(id);
            if (key.Logics.Remove(id, out var logic))
            {
                _windowOutput.Target = output;
                _windowOutput.WindowId = id;
                logic.OnClose(_windowOutput);
            }

            output.Emit(WindowEvent<TValue, TOut>.OfMeta(id, meta));
        }

        key.NextCloseTicks = key.Windower.EarliestCloseTicks;
    }

    private void ApplyMerges(WindowKeyState<TValue, TOut, TState> key, Emitter<WindowEvent<TValue, TOut>> output)
    {
        _merges.Clear();
        key.Windower.TakeMerged(_merges);
        foreach (var (original, target) in _merges)
        {
            if (original == target || !key.Logics.Remove(original, out var absorbed))
            {
                continue;
            }

            key.Forget(original);
            if (!key.Logics.TryGetValue(target, out var into))
            {
                key.Logics[target] = absorbed;
                continue;
            }

            _windowOutput.Target = output;
            _windowOutput.WindowId = target;
            into.OnMerge(absorbed, _windowOutput);
        }
    }

    /// <summary>Takes the queued items at or before the watermark and applies them in timestamp order, ties in arrival order.</summary>
    private void ApplyDue(WindowKeyState<TValue, TOut, TState> key, DateTimeOffset watermark, Emitter<WindowEvent<TValue, TOut>> output)
    {
        _due.Clear();
        var earliestLeft = DateTimeOffset.MaxValue;
        var kept = 0;
        var queue = key.Queue;
        for (var i = 0; i < queue.Count; i++)
        {
            var entry = queue[i];
            if (entry.Timestamp <= watermark)
            {
                _due.Add((entry.Value, entry.Timestamp, i));
            }
            else
            {
                queue[kept++] = entry;
                if (entry.Timestamp < earliestLeft)
                {
                    earliestLeft = entry.Timestamp;
                }
            }
        }

        queue.RemoveRange(kept, queue.Count - kept);
        key.EarliestQueued = earliestLeft;
        _due.Sort(static (a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.Arrival.CompareTo(b.Arrival));
        foreach (var (value, timestamp, _) in _due)
        {
            Insert(key, value, timestamp.UtcTicks, output);
        }
    }
}

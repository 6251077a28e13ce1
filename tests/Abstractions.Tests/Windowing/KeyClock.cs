using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Abstractions.Tests.Windowing;

/// <summary>One key's clock as a windowing operator runs it: the clock's runtime with the key's inline state, for tests that drive a clock directly.</summary>
internal sealed class KeyClock<TValue>
{
    private readonly ClockRuntime<TValue> _runtime;
    private KeyClockState _state;

    /// <summary>Starts a key's clock of <paramref name="clock"/>, new or from <paramref name="snapshot"/>.</summary>
    public KeyClock(Clock<TValue> clock, byte[]? snapshot = null)
    {
        _runtime = clock.Runtime();
        _runtime.Start(ref _state, snapshot);
    }

    public (DateTimeOffset Timestamp, DateTimeOffset Watermark) OnItem(TValue value, DateTimeOffset now) => _runtime.OnItem(ref _state, value, now);

    public DateTimeOffset OnNotify(DateTimeOffset now) => _runtime.OnNotify(ref _state, now);

    public DateTimeOffset OnEof() => _runtime.OnEof(ref _state);

    public DateTimeOffset? ToSystemTime(DateTimeOffset timestamp) => _runtime.ToSystemTime(ref _state, timestamp);

    public byte[] Snapshot() => _runtime.Snapshot(ref _state);
}

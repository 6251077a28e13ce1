using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Windowing;

/// <summary>What a windowing operator asks of its clock, over each key's <see cref="KeyClockState"/>: one runtime per operator, the state per key.</summary>
/// <remarks>Times on the per-item path are UTC ticks; <see cref="long.MaxValue"/> from <see cref="ToSystemTicks"/> means never.</remarks>
internal abstract class ClockRuntime<TValue>
{
    /// <summary>Sets up a key's clock, new (null) or from its snapshot bytes.</summary>
    public abstract void Start(ref KeyClockState state, byte[]? resumeState);

    /// <summary>The timestamp of <paramref name="value"/> and the key's watermark after it, as UTC times.</summary>
    public (DateTimeOffset Timestamp, DateTimeOffset Watermark) OnItem(ref KeyClockState state, TValue value, DateTimeOffset now)
    {
        var timestamp = OnItemTicks(ref state, value, now.UtcTicks, out var watermark);
        return (TimeMath.Utc(timestamp), TimeMath.Utc(watermark));
    }

    /// <summary>The timestamp of <paramref name="value"/>, and in <paramref name="watermarkTicks"/> the key's watermark after it.</summary>
    public abstract long OnItemTicks(ref KeyClockState state, TValue value, long nowTicks, out long watermarkTicks);

    /// <summary>The key's watermark at system time <paramref name="now"/>, without an item.</summary>
    public abstract DateTimeOffset OnNotify(ref KeyClockState state, DateTimeOffset now);

    /// <summary>The key's watermark once the input has ended.</summary>
    public abstract DateTimeOffset OnEof(ref KeyClockState state);

    /// <summary>The system time at which the key's watermark reaches <paramref name="timestamp"/>, or null for never.</summary>
    public abstract DateTimeOffset? ToSystemTime(ref KeyClockState state, DateTimeOffset timestamp);

    /// <summary><see cref="ToSystemTime"/> in UTC ticks, <see cref="long.MaxValue"/> for never.</summary>
    public virtual long ToSystemTicks(ref KeyClockState state, long ticks) =>
        ToSystemTime(ref state, TimeMath.Utc(ticks)) is { } at ? at.UtcTicks : long.MaxValue;

    /// <summary>The key's clock as snapshot bytes.</summary>
    public abstract byte[] Snapshot(ref KeyClockState state);
}

/// <summary>The runtime of a user's <see cref="Clock{TValue,TState}"/>: each key's <see cref="ClockLogic{TValue,TState}"/> lives in <see cref="KeyClockState.Custom"/>.</summary>
internal sealed class ClockRuntime<TValue, TState>(Clock<TValue, TState> clock) : ClockRuntime<TValue>
{
    private readonly ISerde<TState> _serde = clock.StateSerde;

    public override void Start(ref KeyClockState state, byte[]? resumeState) =>
        state.Custom = clock.Build(resumeState is null ? default : _serde.Deserialize(resumeState))
            ?? throw new InvalidOperationException("the clock's Build returned null");

    public override long OnItemTicks(ref KeyClockState state, TValue value, long nowTicks, out long watermarkTicks)
    {
        var (timestamp, watermark) = Logic(ref state).OnItem(value, TimeMath.Utc(nowTicks));
        watermarkTicks = watermark.UtcTicks;
        return timestamp.UtcTicks;
    }

    public override DateTimeOffset OnNotify(ref KeyClockState state, DateTimeOffset now) => Logic(ref state).OnNotify(now);

    public override DateTimeOffset OnEof(ref KeyClockState state) => Logic(ref state).OnEof();

    public override DateTimeOffset? ToSystemTime(ref KeyClockState state, DateTimeOffset timestamp) => Logic(ref state).ToSystemTime(timestamp);

    public override byte[] Snapshot(ref KeyClockState state) => _serde.ToBytes(Logic(ref state).Snapshot());

    private static ClockLogic<TValue, TState> Logic(ref KeyClockState state) => (ClockLogic<TValue, TState>)state.Custom!;
}

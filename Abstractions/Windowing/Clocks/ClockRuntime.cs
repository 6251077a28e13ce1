using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Windowing;

/// <summary>A key's clock logic with its snapshot type hidden, so the window operator needs no type parameter for it.</summary>
internal abstract class ClockRuntime<TValue>
{
    public (DateTimeOffset Timestamp, DateTimeOffset Watermark) OnItem(TValue value, DateTimeOffset now)
    {
        var timestamp = OnItemTicks(value, now.UtcTicks, out var watermark);
        return (TimeMath.Utc(timestamp), TimeMath.Utc(watermark));
    }

    /// <summary>As <see cref="OnItem"/>, in UTC ticks: the per-item path of the window operator.</summary>
    public abstract long OnItemTicks(TValue value, long nowTicks, out long watermarkTicks);

    public abstract DateTimeOffset OnNotify(DateTimeOffset now);

    public abstract DateTimeOffset OnEof();

    public abstract DateTimeOffset? ToSystemTime(DateTimeOffset timestamp);

    /// <summary>As <see cref="ToSystemTime"/>, in UTC ticks, <see cref="long.MaxValue"/> for never: asked after every item.</summary>
    public virtual long ToSystemTicks(long ticks) => ToSystemTime(TimeMath.Utc(ticks)) is { } at ? at.UtcTicks : long.MaxValue;

    public abstract byte[] Snapshot();
}

/// <summary>Runs a typed <see cref="ClockLogic{TValue,TState}"/> and serializes its snapshots with the clock's serde.</summary>
internal sealed class ClockRuntime<TValue, TState>(ClockLogic<TValue, TState> logic, ISerde<TState> serde) : ClockRuntime<TValue>
{
    public override long OnItemTicks(TValue value, long nowTicks, out long watermarkTicks)
    {
        var (timestamp, watermark) = logic.OnItem(value, TimeMath.Utc(nowTicks));
        watermarkTicks = watermark.UtcTicks;
        return timestamp.UtcTicks;
    }

    public override DateTimeOffset OnNotify(DateTimeOffset now) => logic.OnNotify(now);

    public override DateTimeOffset OnEof() => logic.OnEof();

    public override DateTimeOffset? ToSystemTime(DateTimeOffset timestamp) => logic.ToSystemTime(timestamp);

    public override byte[] Snapshot() => serde.ToBytes(logic.Snapshot());
}

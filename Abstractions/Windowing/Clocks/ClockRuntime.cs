using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Windowing;

/// <summary>A key's clock logic with its snapshot type hidden, so the window operator needs no type parameter for it.</summary>
internal abstract class ClockRuntime<TValue>
{
    public abstract (DateTimeOffset Timestamp, DateTimeOffset Watermark) OnItem(TValue value, DateTimeOffset now);

    public abstract DateTimeOffset OnNotify(DateTimeOffset now);

    public abstract DateTimeOffset OnEof();

    public abstract DateTimeOffset? ToSystemTime(DateTimeOffset timestamp);

    public abstract byte[] Snapshot();
}

/// <summary>Runs a typed <see cref="ClockLogic{TValue,TState}"/> and serializes its snapshots with the clock's serde.</summary>
internal sealed class ClockRuntime<TValue, TState>(ClockLogic<TValue, TState> logic, ISerde<TState> serde) : ClockRuntime<TValue>
{
    public override (DateTimeOffset Timestamp, DateTimeOffset Watermark) OnItem(TValue value, DateTimeOffset now) => logic.OnItem(value, now);

    public override DateTimeOffset OnNotify(DateTimeOffset now) => logic.OnNotify(now);

    public override DateTimeOffset OnEof() => logic.OnEof();

    public override DateTimeOffset? ToSystemTime(DateTimeOffset timestamp) => logic.ToSystemTime(timestamp);

    public override byte[] Snapshot() => serde.ToBytes(logic.Snapshot());
}

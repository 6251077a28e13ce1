namespace Orleans.Dataflow.Windowing;

/// <summary>The clock of one key: assigns timestamps to its items and says where its watermark is.</summary>
/// <remarks>
/// An item whose timestamp is before the watermark is late. Every watermark a clock returns must be at or after the
/// previous one; the operator fails naming the step if it goes back. <c>now</c> is the system time of the batch
/// being processed (the run's clock, so tests can drive it), the same for all items of a batch.
/// </remarks>
/// <typeparam name="TValue">The values the clock reads timestamps from.</typeparam>
/// <typeparam name="TState">The snapshot of the clock.</typeparam>
public abstract class ClockLogic<TValue, TState>
{
    /// <summary>Returns the timestamp of <paramref name="value"/> and the watermark after seeing it.</summary>
    public abstract (DateTimeOffset Timestamp, DateTimeOffset Watermark) OnItem(TValue value, DateTimeOffset now);

    /// <summary>Returns the watermark when no item arrived, at system time <paramref name="now"/>.</summary>
    public abstract DateTimeOffset OnNotify(DateTimeOffset now);

    /// <summary>Returns the watermark at the end of input; <see cref="DateTimeOffset.MaxValue"/> closes every window.</summary>
    /// <remarks>Must not change the state that is snapshotted, so that a continued run resumes from before EOF.</remarks>
    public abstract DateTimeOffset OnEof();

    /// <summary>Returns the system time at which the watermark reaches <paramref name="timestamp"/>, or null if time alone never gets there.</summary>
    /// <remarks>The operator wakes at that time to close windows without new items.</remarks>
    public abstract DateTimeOffset? ToSystemTime(DateTimeOffset timestamp);

    /// <summary>Returns the clock's state at an epoch close; it is serialized at once.</summary>
    public abstract TState Snapshot();
}

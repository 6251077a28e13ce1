using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Windowing;

/// <summary>A sense of time for windowing: what an item's timestamp is, and how far the watermark has come.</summary>
/// <remarks>
/// Use <see cref="SystemClock{TValue}"/> or <see cref="EventClock{TValue}"/>; a custom clock derives from
/// <see cref="Clock{TValue,TState}"/>. A windowing operator builds one clock per key, so watermarks are per key.
/// </remarks>
/// <typeparam name="TValue">The values the clock reads timestamps from.</typeparam>
public abstract class Clock<TValue>
{
    private protected Clock()
    {
    }

    /// <summary>Builds what a windowing operator runs the clock with; each key's clock state lives in the key's window state.</summary>
    internal abstract ClockRuntime<TValue> Runtime();

    /// <summary>Where the clock's "system" time comes from instead of the run's clock, or null; read once per batch by the operator.</summary>
    internal virtual Func<DateTimeOffset>? SystemTime => null;

    /// <summary>An item's event time, for a clock whose watermark is the stream's; null when each key has its own.</summary>
    internal virtual Func<TValue, DateTimeOffset>? StreamTimestampOf => null;

    /// <summary>How far a stream watermark stays behind the largest event time (the allowed disorder); zero when there is none.</summary>
    internal virtual TimeSpan StreamWatermarkWait => TimeSpan.Zero;

    /// <summary>Whether the operator should ask the clock when to wake up; false for a clock whose time is not the system's.</summary>
    internal virtual bool WakesOperator => true;
}

/// <summary>A clock whose per-key logic keeps a snapshot of type <typeparamref name="TState"/>; derive from this for a custom clock.</summary>
/// <typeparam name="TValue">The values the clock reads timestamps from.</typeparam>
/// <typeparam name="TState">The snapshot of one key's clock.</typeparam>
public abstract class Clock<TValue, TState> : Clock<TValue>
{
    /// <summary>Builds the clock logic of one key: new (null) or from the snapshot its logic returned before a restart.</summary>
    public abstract ClockLogic<TValue, TState> Build(TState? resumeState);

    /// <summary>Turns the clock's snapshots into bytes and back; the default is <see cref="Serde.For{T}"/>.</summary>
    public virtual ISerde<TState> StateSerde => Serde.For<TState>();

    internal sealed override ClockRuntime<TValue> Runtime() => new ClockRuntime<TValue, TState>(this);
}

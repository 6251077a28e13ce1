namespace Orleans.Dataflow.Windowing;

/// <summary>A clock that reads each item's own timestamp; the watermark follows the largest timestamp seen, minus an allowance for disorder.</summary>
/// <remarks>
/// <para>The watermark of a key is the largest timestamp seen minus <see cref="WaitForSystemDuration"/>, plus the
/// system time elapsed since that item arrived, and it never moves back. An item before the watermark is late. So
/// an item may arrive out of order by up to the wait and still count; and in a live stream, windows close once the
/// wait has passed in system time even if no further item arrives (the operator wakes for it).</para>
/// <para>Replaying history faster than real time, the watermark moves only with the timestamps: the wait is then the
/// largest disorder in the data. With <see cref="TimeSpan.MaxValue"/> as the wait nothing is late and windows close
/// at EOF. At EOF every window closes. The snapshot holds the largest timestamp minus the wait and the system time it
/// was seen at, so after a restart the watermark continues from there.</para>
/// <para>That is the clock's <see cref="WatermarkScope.PerKey"/> scope, the default. Under
/// <see cref="WatermarkScope.PerStream"/> there is one watermark for the stream: the smallest, over the workers
/// sending to the windowing step, of the largest timestamp each has sent minus the wait. It moves at epoch boundaries
/// and with the data only (neither <c>toSystemTime</c> nor <c>nowGetter</c> is used), and it is snapshotted with the
/// step, so a resumed run continues from it.</para>
/// </remarks>
/// <typeparam name="TValue">The values of the windowed stream.</typeparam>
public sealed class EventClock<TValue> : Clock<TValue>
{
    private static readonly Func<DateTimeOffset, DateTimeOffset?> _neverMapped = static _ => null;
    private readonly bool _wakesOperator;

    /// <summary>Creates an event clock reading timestamps with <paramref name="timestampGetter"/>.</summary>
    /// <param name="timestampGetter">Returns an item's timestamp; called once per item.</param>
    /// <param name="waitForSystemDuration">How long, in system time, to wait for items older than the newest one seen.</param>
    /// <param name="toSystemTime">
    /// Maps a timestamp to the system time at which to wake up to close windows up to it, or null to never wake for
    /// it (windows then close on later items or EOF). The default wakes when the watermark reaches the timestamp;
    /// with a custom <paramref name="nowGetter"/> and no mapping, the operator never wakes on its own.
    /// </param>
    /// <param name="nowGetter">
    /// The "system" time that advances the watermark; the default is the run's clock. Replaying a file, a constant
    /// (such as <c>() =&gt; DateTimeOffset.UnixEpoch</c>) makes the watermark follow the data alone, so which items are
    /// late no longer depends on how fast the replay runs.
    /// </param>
    /// <param name="scope">Whether each key has its own watermark (the default) or the stream has one (see <see cref="WatermarkScope"/>).</param>
    public EventClock(Func<TValue, DateTimeOffset> timestampGetter, TimeSpan waitForSystemDuration,
        Func<DateTimeOffset, DateTimeOffset?>? toSystemTime = null, Func<DateTimeOffset>? nowGetter = null,
        WatermarkScope scope = WatermarkScope.PerKey)
    {
        ArgumentNullException.ThrowIfNull(timestampGetter);
        ArgumentOutOfRangeException.ThrowIfLessThan(waitForSystemDuration, TimeSpan.Zero);
        TimestampGetter = timestampGetter;
        WaitForSystemDuration = waitForSystemDuration;
        ToSystemTime = toSystemTime ?? (nowGetter is null ? null : _neverMapped);
        NowGetter = nowGetter;
        Scope = scope;
        // Under a stream watermark the operator's timers run on event time, moved by the watermark, not by the clock.
        _wakesOperator = scope == WatermarkScope.PerStream || nowGetter is null || toSystemTime is not null;
    }

    /// <summary>Returns an item's timestamp.</summary>
    public Func<TValue, DateTimeOffset> TimestampGetter { get; }

    /// <summary>How long, in system time, the clock waits for items older than the newest one seen.</summary>
    public TimeSpan WaitForSystemDuration { get; }

    /// <summary>The custom mapping from timestamps to wake-up times, or null for the default.</summary>
    public Func<DateTimeOffset, DateTimeOffset?>? ToSystemTime { get; }

    /// <summary>The custom source of "system" time, or null for the run's clock.</summary>
    public Func<DateTimeOffset>? NowGetter { get; }

    /// <summary>Whether each key has its own watermark or the stream has one; <see cref="WatermarkScope.PerKey"/> unless set.</summary>
    public WatermarkScope Scope { get; }

    internal override Func<DateTimeOffset>? SystemTime => NowGetter;

    /// <summary>Under <see cref="WatermarkScope.PerStream"/>, an item's timestamp, which the stream watermark follows by the wait; null per key.</summary>
    internal override Func<TValue, DateTimeOffset>? StreamTimestampOf => Scope == WatermarkScope.PerStream ? TimestampGetter : null;

    /// <summary>The wait, which a stream watermark stays behind the largest timestamp sent.</summary>
    internal override TimeSpan StreamWatermarkWait => WaitForSystemDuration;

    /// <summary>A replaying clock (a custom "system" time and no mapping of its own) never wakes the operator: its time is not the system's.</summary>
    internal override bool WakesOperator => _wakesOperator;

    internal override ClockRuntime<TValue> Runtime() =>
        Scope == WatermarkScope.PerStream ? new StreamClockRuntime<TValue>(TimestampGetter) : new EventClockRuntime<TValue>(this);
}

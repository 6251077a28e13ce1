using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Abstractions.Tests.Windowing;

/// <summary>Bytewax's test_event_clock.py on <see cref="EventClockRuntime{TValue}"/> through <see cref="KeyClock{TValue}"/>, the system time passed as <c>now</c>.</summary>
/// <remarks>
/// Bytewax's logic reads system time in <c>before_batch</c>; ours takes the batch's time as an argument, so passing the
/// same <c>now</c> to several calls is one batch, and a later <c>now</c> is a later batch.
/// </remarks>
public sealed class EventClockTests
{
    private static readonly DateTimeOffset _systemStart = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(5);

    [Fact]
    public void EventClock_NoItemYet_WatermarkIsBeginningOfTime()
    {
        var clock = Start(_wait);

        Assert.Equal(DateTimeOffset.MinValue, clock.OnNotify(_systemStart));
    }

    [Fact]
    public void EventClock_FirstItem_WatermarkIsItsTimestampMinusWait()
    {
        var clock = Start(_wait);

        var (timestamp, watermark) = clock.OnItem(At(7), _systemStart);

        Assert.Equal(At(7), timestamp);
        Assert.Equal(At(2), watermark);
    }

    [Fact]
    public void EventClock_SystemTimePassesWithoutItems_WatermarkMovesForwardByIt()
    {
        var clock = Start(_wait);
        clock.OnItem(At(7), _systemStart);

        Assert.Equal(At(4), clock.OnNotify(_systemStart.AddSeconds(2)));
    }

    [Fact]
    public void EventClock_LaterItemInSameBatch_WatermarkAdvances()
    {
        var clock = Start(_wait);
        clock.OnItem(At(7), _systemStart);

        var (_, watermark) = clock.OnItem(At(10), _systemStart);

        Assert.Equal(At(5), watermark);
    }

    [Fact]
    public void EventClock_EarlierItemInSameBatch_WatermarkDoesNotGoBack()
    {
        var clock = Start(_wait);
        clock.OnItem(At(7), _systemStart);

        var (_, watermark) = clock.OnItem(At(3), _systemStart);

        Assert.Equal(At(2), watermark);
    }

    [Fact]
    public void EventClock_EarlierItemInLaterBatch_WatermarkKeepsItsSystemTimeAdvance()
    {
        var clock = Start(_wait);
        clock.OnItem(At(7), _systemStart);

        var (_, watermark) = clock.OnItem(At(3), _systemStart.AddSeconds(2));

        Assert.Equal(At(4), watermark);
    }

    [Fact]
    public void EventClock_NewerItemAdvancingLessThanSystemTime_WatermarkDoesNotGoBack()
    {
        var clock = Start(_wait);
        clock.OnItem(At(7), _systemStart);

        // 2 s of system time put the watermark at 2 + 2 = 4; the item alone would put it at 8 - 5 = 3.
        var (_, watermark) = clock.OnItem(At(8), _systemStart.AddSeconds(2));

        Assert.Equal(At(4), watermark);
    }

    [Fact]
    public void EventClock_Eof_WatermarkIsEndOfTime()
    {
        var clock = Start(_wait);
        clock.OnEof();

        Assert.Equal(DateTimeOffset.MaxValue, clock.OnEof());
    }

    [Fact]
    public void EventClock_SystemTimePassesAfterEof_WatermarkStaysEndOfTimeWithoutOverflow()
    {
        var clock = Start(_wait);
        clock.OnItem(At(7), _systemStart);
        clock.OnEof();
        clock.OnNotify(_systemStart.AddSeconds(2));

        Assert.Equal(DateTimeOffset.MaxValue, clock.OnEof());
    }

    [Fact]
    public void EventClock_MaxWaitFirstItem_WatermarkStaysBeginningOfTime()
    {
        var clock = Start(TimeSpan.MaxValue);

        var (_, watermark) = clock.OnItem(At(7), _systemStart);

        Assert.Equal(DateTimeOffset.MinValue, watermark);
    }

    [Fact]
    public void EventClock_MaxWaitLaterItem_WatermarkMovesOnlyBySystemTime()
    {
        var clock = Start(TimeSpan.MaxValue);
        clock.OnItem(At(7), _systemStart);

        var (_, watermark) = clock.OnItem(At(10), _systemStart.AddSeconds(2));

        Assert.Equal(DateTimeOffset.MinValue.AddSeconds(2), watermark);
    }

    [Fact]
    public void EventClock_DefaultToSystemTime_IsWhenTheWatermarkReachesTheTimestamp()
    {
        // Deliberate difference: Bytewax's default returns the timestamp itself, so on historical data every wake-up
        // is already due and the operator re-wakes at once; ours is the system time at which the watermark gets there.
        var clock = Start(_wait);
        clock.OnItem(At(7), _systemStart);

        Assert.Equal(_systemStart.AddSeconds(8), clock.ToSystemTime(At(10)));
    }

    [Fact]
    public void EventClock_DefaultToSystemTimeBeforeAnyItem_IsNever()
    {
        var clock = Start(_wait);

        Assert.Null(clock.ToSystemTime(At(10)));
    }

    [Fact]
    public void EventClock_CustomToSystemTime_IsUsedInsteadOfTheDefault()
    {
        var clock = new KeyClock<DateTimeOffset>(new EventClock<DateTimeOffset>(x => x, _wait, ts => ts.AddHours(1)));
        clock.OnItem(At(7), _systemStart);

        Assert.Equal(At(10).AddHours(1), clock.ToSystemTime(At(10)));
    }

    [Fact]
    public void EventClock_ResumedFromSnapshot_ContinuesTheWatermark()
    {
        var clock = Start(_wait);
        clock.OnItem(At(7), _systemStart);

        var resumed = new KeyClock<DateTimeOffset>(new EventClock<DateTimeOffset>(x => x, _wait), clock.Snapshot());

        Assert.Equal(At(5), resumed.OnNotify(_systemStart.AddSeconds(3)));
    }

    private static KeyClock<DateTimeOffset> Start(TimeSpan wait) => new(new EventClock<DateTimeOffset>(x => x, wait));

    private static DateTimeOffset At(int seconds) => new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(seconds);
}

using Orleans.Dataflow.Abstractions.Tests.Connectors;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Abstractions.Tests.Windowing;

/// <summary>When the window operator asks to be woken, and what it does then, on <see cref="WindowKeyedLogic{TValue,TOut,TSlot,TState}"/> with an event clock.</summary>
/// <remarks>
/// Bytewax's window logic asks for <c>clock.to_system_utc(close)</c>, which for an event clock is the close timestamp
/// itself. Ours asks for the system time at which the key's watermark reaches the close (a deliberate difference:
/// on historical data Bytewax's wake-up is always due and re-wakes at once).
/// </remarks>
public sealed class WindowKeyedLogicTests
{
    private static readonly DateTimeOffset _align = new(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _systemStart = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WindowKeyedLogic_OpenWindow_WakesWhenTheWatermarkReachesItsClose()
    {
        var system = new ManualTimeProvider(_systemStart);
        var logic = Logic(TimeSpan.Zero, system);
        var key = logic.Create();
        var output = new ListEmitter<WindowEvent<DateTimeOffset, int>>();

        logic.BeforeBatch();
        logic.OnItem(ref key, _align.AddSeconds(3), output);

        Assert.Equal(_systemStart.AddSeconds(7), logic.NotifyAt(ref key));
        system.Advance(TimeSpan.FromSeconds(7));
        logic.OnNotify(ref key, output);
        Assert.Equal([(WindowEventKind.Emit, 0L, 1), (WindowEventKind.Meta, 0L, 0)], output.Items.Select(e => (e.Kind, e.WindowId, e.Emitted)));
        Assert.Null(logic.NotifyAt(ref key));
    }

    [Fact]
    public void WindowKeyedLogic_NotifyAtTicks_IsNotifyAtInUtcTicksAndMaxValueForNever()
    {
        var system = new ManualTimeProvider(_systemStart);
        var logic = Logic(TimeSpan.FromSeconds(5), system);
        var key = logic.Create();
        var output = new ListEmitter<WindowEvent<DateTimeOffset, int>>();
        var never = logic.NotifyAtTicks(ref key);

        logic.BeforeBatch();
        logic.OnItem(ref key, _align.AddSeconds(7), output);
        var queued = (logic.NotifyAtTicks(ref key), logic.NotifyAt(ref key));
        system.Advance(TimeSpan.FromSeconds(5));
        logic.OnNotify(ref key, output);
        var open = (logic.NotifyAtTicks(ref key), logic.NotifyAt(ref key));

        Assert.Equal(long.MaxValue, never);
        Assert.Equal((_systemStart.AddSeconds(5).UtcTicks, _systemStart.AddSeconds(5)), queued);
        Assert.Equal((_systemStart.AddSeconds(8).UtcTicks, _systemStart.AddSeconds(8)), open);
    }

    [Fact]
    public void WindowKeyedLogic_QueuedItem_WakesWhenTheWatermarkReachesIt()
    {
        var system = new ManualTimeProvider(_systemStart);
        var logic = Logic(TimeSpan.FromSeconds(5), system);
        var key = logic.Create();
        var output = new ListEmitter<WindowEvent<DateTimeOffset, int>>();

        logic.BeforeBatch();
        logic.OnItem(ref key, _align.AddSeconds(7), output);

        // The watermark is 7 - 5 = 2 s: the item waits in the queue until system time brings it to 7 s.
        Assert.Equal(_systemStart.AddSeconds(5), logic.NotifyAt(ref key));
        system.Advance(TimeSpan.FromSeconds(5));
        logic.OnNotify(ref key, output);
        Assert.Equal(0, key.QueuedCount);
        Assert.Equal(_systemStart.AddSeconds(8), logic.NotifyAt(ref key));
    }

    [Fact]
    public void WindowKeyedLogic_ItemBeforeWatermark_GoesLateForEveryWindowItWouldBeIn()
    {
        var system = new ManualTimeProvider(_systemStart);
        var logic = new WindowKeyedLogic<DateTimeOffset, int, int, int>(new EventClock<DateTimeOffset>(x => x, TimeSpan.Zero),
            new SlidingWindower(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), _align), Counting(), ordered: true, system);
        var key = logic.Create();
        var output = new ListEmitter<WindowEvent<DateTimeOffset, int>>();

        logic.BeforeBatch();
        logic.OnItem(ref key, _align.AddSeconds(16), output);
        logic.OnItem(ref key, _align.AddSeconds(1), output);

        Assert.Equal([(-1L, _align.AddSeconds(1)), (0L, _align.AddSeconds(1))],
            output.Items.Where(e => e.Kind == WindowEventKind.Late).Select(e => (e.WindowId, e.Late)));
    }

    [Fact]
    public void EventClock_SystemTimePassesBetweenInOrderItems_MakesTheLaterItemLate()
    {
        var system = new ManualTimeProvider(_systemStart);
        var logic = Logic(TimeSpan.Zero, system);
        var key = logic.Create();
        var output = new ListEmitter<WindowEvent<DateTimeOffset, int>>();

        logic.BeforeBatch();
        logic.OnItem(ref key, _align.AddSeconds(10), output);
        system.Advance(TimeSpan.FromSeconds(5));
        logic.BeforeBatch();
        logic.OnItem(ref key, _align.AddSeconds(12), output);

        // The watermark moved with the 5 s of system time to 15 s, past the second item's 12 s.
        Assert.Equal([_align.AddSeconds(12)], output.Items.Where(e => e.Kind == WindowEventKind.Late).Select(e => e.Late));
    }

    [Fact]
    public void EventClock_WithConstantNowGetter_FollowsTimestampsAloneAndNeverAsksToWake()
    {
        var system = new ManualTimeProvider(_systemStart);
        var logic = new WindowKeyedLogic<DateTimeOffset, int, int, int>(
            new EventClock<DateTimeOffset>(x => x, TimeSpan.Zero, nowGetter: () => DateTimeOffset.UnixEpoch),
            new TumblingWindower(TimeSpan.FromSeconds(10), _align), Counting(), ordered: true, system);
        var key = logic.Create();
        var output = new ListEmitter<WindowEvent<DateTimeOffset, int>>();

        logic.BeforeBatch();
        logic.OnItem(ref key, _align.AddSeconds(10), output);
        system.Advance(TimeSpan.FromSeconds(5));
        logic.BeforeBatch();
        logic.OnItem(ref key, _align.AddSeconds(12), output);
        logic.OnEof(ref key, output);

        Assert.DoesNotContain(output.Items, e => e.Kind == WindowEventKind.Late);
        Assert.Equal([(WindowEventKind.Emit, 1L, 2)], output.Items.Where(e => e.Kind == WindowEventKind.Emit).Select(e => (e.Kind, e.WindowId, e.Emitted)));
        Assert.False(logic.UsesNotifications);
    }

    [Fact]
    public void WindowKeyedLogic_KeyMadeAfterAnotherWasDropped_StartsWithNoneOfItsWindowsOrItems()
    {
        var system = new ManualTimeProvider(_systemStart);
        var logic = new WindowKeyedLogic<DateTimeOffset, int, int, int>(new EventClock<DateTimeOffset>(x => x, TimeSpan.Zero),
            new SlidingWindower(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), _align), Counting(), ordered: true, system);
        var first = logic.Create();
        var dropped = new ListEmitter<WindowEvent<DateTimeOffset, int>>();
        logic.BeforeBatch();
        logic.OnItem(ref first, _align.AddSeconds(7), dropped);
        logic.OnItem(ref first, _align.AddSeconds(8), dropped);
        var firstAtEof = logic.OnEof(ref first, dropped);

        var next = logic.Create();
        var output = new ListEmitter<WindowEvent<DateTimeOffset, int>>();
        logic.OnItem(ref next, _align.AddSeconds(23), output);
        var nextAtEof = logic.OnEof(ref next, output);

        Assert.Equal(StateAction.Discard, firstAtEof);
        Assert.Equal([(WindowEventKind.Emit, 0L, 2), (WindowEventKind.Meta, 0L, 0), (WindowEventKind.Emit, 1L, 2), (WindowEventKind.Meta, 1L, 0)],
            dropped.Items.Select(e => (e.Kind, e.WindowId, e.Emitted)));
        Assert.Equal(StateAction.Discard, nextAtEof);
        Assert.Equal([(WindowEventKind.Emit, 3L, 1), (WindowEventKind.Meta, 3L, 0), (WindowEventKind.Emit, 4L, 1), (WindowEventKind.Meta, 4L, 0)],
            output.Items.Select(e => (e.Kind, e.WindowId, e.Emitted)));
    }

    private static WindowKeyedLogic<DateTimeOffset, int, int, int> Logic(TimeSpan wait, TimeProvider system) =>
        new(new EventClock<DateTimeOffset>(x => x, wait), new TumblingWindower(TimeSpan.FromSeconds(10), _align), Counting(), ordered: true, system);

    private static FoldWindowAggregator<DateTimeOffset, int> Counting() => new(static () => 0, static (count, _) => count + 1, static (a, b) => a + b);
}

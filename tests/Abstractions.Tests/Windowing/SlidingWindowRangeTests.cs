using Orleans.Dataflow.Abstractions.Tests.Connectors;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Abstractions.Tests.Windowing;

/// <summary>Sliding windows sent straight to the slots of their consecutive ids: the same counts whatever order ids open in, across closes, snapshots and restores.</summary>
/// <remarks>Windows of 10 s starting every 5 s: an item at <c>t</c> s is in windows <c>floor((t - 10) / 5) + 1</c> to <c>floor(t / 5)</c>.</remarks>
public sealed class SlidingWindowRangeTests
{
    private static readonly DateTimeOffset _align = new(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OnItem_ItemsOpeningWindowsBeforeAndAfterAGap_CountsEveryWindowOnce()
    {
        var logic = Logic(wait: TimeSpan.FromSeconds(30));
        var key = logic.Create();
        var output = new ListEmitter<WindowEvent<DateTimeOffset, int>>();

        logic.BeforeBatch();
        foreach (var seconds in new[] { 12, 13, 2, 27, 14 })
        {
            logic.OnItem(ref key, _align.AddSeconds(seconds), output);
        }

        logic.OnEof(ref key, output);

        // 12, 13 and 14 are in windows 1 and 2; 2 (on time within the wait) in -1 and 0; 27 in 4 and 5.
        Assert.Equal([(-1L, 1), (0L, 1), (1L, 3), (2L, 3), (4L, 1), (5L, 1)], Counts(output));
        Assert.True(key.IsEmpty);
    }

    [Fact]
    public void OnItem_WatermarkPassingTheFirstWindowsOfTheRun_ClosesThemInOrderAndKeepsCountingTheRest()
    {
        var logic = Logic(wait: TimeSpan.Zero);
        var key = logic.Create();
        var output = new ListEmitter<WindowEvent<DateTimeOffset, int>>();

        logic.BeforeBatch();
        foreach (var seconds in new[] { 12, 17, 21, 24 })
        {
            logic.OnItem(ref key, _align.AddSeconds(seconds), output);
        }

        // By 21 s windows 1 (5-15 s, holding 12) and 2 (10-20 s, holding 12 and 17) have closed, the first ones of the run.
        Assert.Equal([(1L, 1), (2L, 2)], Counts(output));
        logic.OnEof(ref key, output);
        Assert.Equal([(1L, 1), (2L, 2), (3L, 3), (4L, 2)], Counts(output));
    }

    [Fact]
    public void Restore_WindowsOpenAtTheSnapshot_KeepCountingBesideWindowsOpenedAfter()
    {
        var logic = Logic(wait: TimeSpan.FromSeconds(30));
        var key = logic.Create();
        var output = new ListEmitter<WindowEvent<DateTimeOffset, int>>();
        logic.BeforeBatch();
        logic.OnItem(ref key, _align.AddSeconds(12), output);
        logic.OnItem(ref key, _align.AddSeconds(13), output);

        var restored = logic.Restore(logic.Snapshot(ref key));
        logic.OnItem(ref restored, _align.AddSeconds(14), output);
        logic.OnItem(ref restored, _align.AddSeconds(16), output);
        logic.OnEof(ref restored, output);

        Assert.Equal([(1L, 3), (2L, 4), (3L, 1)], Counts(output));
    }

    private static List<(long WindowId, int Count)> Counts(ListEmitter<WindowEvent<DateTimeOffset, int>> output) =>
        [.. output.Items.Where(e => e.Kind == WindowEventKind.Emit).Select(e => (e.WindowId, e.Emitted)).Order()];

    private static WindowKeyedLogic<DateTimeOffset, int, int, int> Logic(TimeSpan wait) =>
        new(new EventClock<DateTimeOffset>(x => x, wait, nowGetter: () => DateTimeOffset.UnixEpoch),
            new SlidingWindower(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), _align),
            new FoldWindowAggregator<DateTimeOffset, int>(static () => 0, static (count, _) => count + 1, static (a, b) => a + b),
            ordered: false, new ManualTimeProvider(DateTimeOffset.UnixEpoch));
}

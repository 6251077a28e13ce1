using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Windowing;

/// <summary>Bytewax's test_collect_window.py.</summary>
public sealed class CollectWindowTests
{
    private static readonly DateTimeOffset _align = new(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CollectWindow_OutOfOrderItemsWithMaxWait_CollectsEachWindowInTimestampOrder()
    {
        Event[] input =
        [
            new(_align, 1), new(_align.AddSeconds(8), 3), new(_align.AddSeconds(4), 2),
            new(_align.AddSeconds(13), 5), new(_align.AddSeconds(12), 4),
        ];
        RecordingSink<(long, List<int>)> down = null!;
        RecordingSink<(string, (long, Event))> late = null!;
        RecordingSink<(string, (long, WindowMetadata))> meta = null!;

        WindowFlow.Run(h =>
        {
            var windows = h.Input("inp", input).KeyOn("key", _ => "ALL")
                .CollectWindow("collect_window", new EventClock<Event>(e => e.Timestamp, TimeSpan.MaxValue),
                    new TumblingWindower(TimeSpan.FromSeconds(10), _align));
            windows.Down.KeyRm("unkey").Map("clean", w => (w.WindowId, w.Value.ConvertAll(e => e.Value))).Output("out", down = h.Sink<(long, List<int>)>());
            windows.Late.Output("late", late = h.Sink<(string, (long, Event))>());
            windows.Meta.Output("meta", meta = h.Sink<(string, (long, WindowMetadata))>());
        });

        Assert.Equal(["0:1,2,3", "1:4,5"], down.Items.Select(i => $"{i.Item1}:{string.Join(',', i.Item2)}"));
        Assert.Empty(late.Items);
        Assert.Equal(
            [("ALL", (0L, new WindowMetadata(_align, _align.AddSeconds(10)))), ("ALL", (1L, new WindowMetadata(_align.AddSeconds(10), _align.AddSeconds(20))))],
            meta.Items);
    }

    [Fact]
    public void CollectWindow_IntoSet_DropsDuplicatesWithinAWindow()
    {
        int[] seconds = [1, 2, 1, 3, 12, 12];
        RecordingSink<(string, (long, SortedSet<int>))> down = null!;

        WindowFlow.Run(h =>
            h.Input("inp", seconds).KeyOn("key", _ => "ALL")
                .CollectWindow("collect_window", new EventClock<int>(s => _align.AddSeconds(s), TimeSpan.MaxValue),
                    new TumblingWindower(TimeSpan.FromSeconds(10), _align), static () => new SortedSet<int>())
                .Down.Output("out", down = h.Sink<(string, (long, SortedSet<int>))>()));

        Assert.Equal(["0:1,2,3", "1:12"], down.Items.Select(i => $"{i.Item2.Item1}:{string.Join(',', i.Item2.Item2)}"));
    }

    private sealed record Event(DateTimeOffset Timestamp, int Value);
}

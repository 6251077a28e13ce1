using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Windowing;

/// <summary>Bytewax's test_reduce_window.py.</summary>
public sealed class ReduceWindowTests
{
    private static readonly DateTimeOffset _align = new(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ReduceWindow_SumOfValues_ReducesEachWindowStartingFromItsFirstItem()
    {
        UserEvent[] input =
        [
            new(_align, "a", 1), new(_align.AddSeconds(4), "a", 1), new(_align.AddSeconds(8), "a", 1),
            new(_align.AddSeconds(12), "a", 1), new(_align.AddSeconds(13), "a", 1),
        ];
        RecordingSink<(string, (long, int))> down = null!;

        WindowFlow.Run(h => h.Input("inp", input).KeyOn("key_on_user", e => e.User)
            .ReduceWindow("add", new EventClock<UserEvent>(e => e.Time, TimeSpan.Zero), new TumblingWindower(TimeSpan.FromSeconds(10), _align),
                static (acc, e) => acc with { Val = acc.Val + e.Val })
            .Down.MapValue("extract_val", w => (w.WindowId, w.Value.Val))
            .Output("out", down = h.Sink<(string, (long, int))>()));

        Assert.Equal([("a", (0L, 3)), ("a", (1L, 2))], down.Items);
    }

    [Fact]
    public void ReduceWindow_SessionsMerged_ReducesTheMergedSessionsTogether()
    {
        // Items at 0 s and 20 s open two sessions (gap 10 s); the item at 10 s bridges them, so session 1 merges into 0.
        int[] seconds = [0, 20, 10];
        RecordingSink<(string, (long, int))> down = null!;
        RecordingSink<(string, (long, WindowMetadata))> meta = null!;

        WindowFlow.Run(h =>
        {
            var windows = h.Input("inp", seconds).KeyOn("key", _ => "ALL")
                .ReduceWindow("sum", new EventClock<int>(s => _align.AddSeconds(s), TimeSpan.MaxValue), new SessionWindower(TimeSpan.FromSeconds(10)),
                    static (a, b) => a + b);
            windows.Down.Output("out", down = h.Sink<(string, (long, int))>());
            windows.Meta.Output("meta", meta = h.Sink<(string, (long, WindowMetadata))>());
        });

        Assert.Equal([("ALL", (0L, 30))], down.Items);
        Assert.Equal([("ALL", (0L, new WindowMetadata(_align, _align.AddSeconds(20), [1])))], meta.Items);
    }

    private sealed record UserEvent(DateTimeOffset Time, string User, int Val);
}

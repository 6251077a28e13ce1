using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Windowing;

/// <summary>Bytewax's test_count_window.py.</summary>
public sealed class CountWindowTests
{
    private static readonly DateTimeOffset _align = new(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CountWindow_TwoUsersTumbling_CountsPerUserPerWindow()
    {
        UserEvent[] input =
        [
            new(_align, "a", 1), new(_align.AddSeconds(4), "a", 1), new(_align.AddSeconds(8), "b", 1),
            new(_align.AddSeconds(12), "a", 1), new(_align.AddSeconds(13), "a", 1),
        ];
        RecordingSink<(string, (long, long))> down = null!;
        RecordingSink<(string, (long, UserEvent))> late = null!;

        WindowFlow.Run(h =>
        {
            var windows = h.Input("inp", input)
                .CountWindow("add", new EventClock<UserEvent>(e => e.Time, TimeSpan.Zero), new TumblingWindower(TimeSpan.FromSeconds(10), _align), e => e.User);
            windows.Down.Output("out", down = h.Sink<(string, (long, long))>());
            windows.Late.Output("late", late = h.Sink<(string, (long, UserEvent))>());
        });

        // Keys' windows close independently (a's window 0 on a's item at 12 s, the rest at EOF), so only each key's order is fixed.
        Assert.Equal([("a", (0L, 2L)), ("a", (1L, 2L)), ("b", (0L, 1L))], down.Items.Order());
        Assert.Equal([(0L, 2L), (1L, 2L)], down.Items.Where(i => i.Item1 == "a").Select(i => i.Item2));
        Assert.Empty(late.Items);
    }

    private sealed record UserEvent(DateTimeOffset Time, string User, int Val);
}

using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Windowing;

/// <summary>Bytewax's test_max_min_window.py: the whole item with the largest or smallest value per window.</summary>
public sealed class MaxMinWindowTests
{
    private static readonly DateTimeOffset _align = new(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly UserEvent[] _input =
    [
        new(_align, "a", 1), new(_align.AddSeconds(4), "a", 9), new(_align.AddSeconds(8), "a", 3),
        new(_align.AddSeconds(12), "a", 10), new(_align.AddSeconds(13), "a", 4),
    ];

    [Fact]
    public void MaxWindow_ByValue_EmitsTheItemWithTheLargestValuePerWindow()
    {
        var output = Run((up, clock, windower) => up.MaxWindow("add", clock, windower, e => e.Val));

        Assert.Equal([("a", (0L, new UserEvent(_align.AddSeconds(4), "a", 9))), ("a", (1L, new UserEvent(_align.AddSeconds(12), "a", 10)))], output);
    }

    [Fact]
    public void MinWindow_ByValue_EmitsTheItemWithTheSmallestValuePerWindow()
    {
        var output = Run((up, clock, windower) => up.MinWindow("min", clock, windower, e => e.Val));

        Assert.Equal([("a", (0L, new UserEvent(_align, "a", 1))), ("a", (1L, new UserEvent(_align.AddSeconds(13), "a", 4)))], output);
    }

    [Fact]
    public void MaxWindow_NoBy_ComparesTheValuesThemselves()
    {
        RecordingSink<(string, (long, int))> down = null!;

        // The values are unique here, so each one's timestamp can be looked up from it.
        WindowFlow.Run(h => h.Input("inp", _input).KeyOn("key_on_user", e => e.User).MapValue("val", e => e.Val)
            .MaxWindow("max", new EventClock<int>(v => _input.Single(e => e.Val == v).Time, TimeSpan.Zero), new TumblingWindower(TimeSpan.FromSeconds(10), _align))
            .Down.Output("out", down = h.Sink<(string, (long, int))>()));

        Assert.Equal([("a", (0L, 9)), ("a", (1L, 10))], down.Items);
    }

    private static List<(string, (long, T))> Run<T>(
        Func<KeyedStream<UserEvent>, EventClock<UserEvent>, TumblingWindower, WindowOut<UserEvent, T>> window)
    {
        RecordingSink<(string, (long, T))> down = null!;
        WindowFlow.Run(h => window(
                h.Input("inp", _input).KeyOn("key_on_user", e => e.User),
                new EventClock<UserEvent>(e => e.Time, TimeSpan.Zero),
                new TumblingWindower(TimeSpan.FromSeconds(10), _align))
            .Down.Output("out", down = h.Sink<(string, (long, T))>()));
        return down.Items;
    }

    private sealed record UserEvent(DateTimeOffset Time, string User, int Val);
}

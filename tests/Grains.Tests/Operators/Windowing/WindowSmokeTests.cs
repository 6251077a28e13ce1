using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Windowing;

public sealed class WindowSmokeTests
{
    private static readonly DateTimeOffset _align = new(2023, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CountWindow_BytewaxDocExample_CountsPerWindow()
    {
        var data = new (string Name, DateTimeOffset At)[]
        {
            ("apple", _align), ("banana", _align.AddMinutes(5)), ("apple", _align.AddMinutes(10)),
            ("banana", _align.AddMinutes(15)), ("apple", _align.AddMinutes(20)), ("cherry", _align.AddMinutes(25)),
        };
        var items = FlowRunner.Run<(string, (long, long))>((h, sink) => h.Input("inp", data)
            .CountWindow("count", new EventClock<(string Name, DateTimeOffset At)>(x => x.At, TimeSpan.Zero),
                new TumblingWindower(TimeSpan.FromMinutes(15), _align), x => x.Name)
            .Down.Output("out", sink));
        Assert.Equal(
            [("apple", (0L, 2L)), ("apple", (1L, 1L)), ("banana", (0L, 1L)), ("banana", (1L, 1L)), ("cherry", (1L, 1L))],
            items.Order().ToList());
    }
}

using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Windowing;

/// <summary>Bytewax's test_session_with_system_clock, and the same with system time passing between items.</summary>
public sealed class SessionWindowerTests
{
    [Fact]
    public void SessionWindower_SystemClockItemsWithinGap_AllInOneSession()
    {
        RecordingSink<(long, List<int>)> down = null!;

        WindowFlow.Run(h => Sessions(h.Input("input", Enumerable.Range(0, 10)), _ => { }).Output("out", down = h.Sink<(long, List<int>)>()));

        Assert.Equal(["0:0,1,2,3,4,5,6,7,8,9"], down.Items.Select(i => $"{i.Item1}:{string.Join(',', i.Item2)}"));
    }

    [Fact]
    public void SessionWindower_SystemClockPassesGapBetweenSomeItems_SplitsSessionsThere()
    {
        // System time jumps by more than the gap before items 3 and 7 (set upstream, before the window step reads it).
        var clock = new ManualClock(WindowFlow.SystemStart);
        RecordingSink<(long, List<int>)> down = null!;

        WindowFlow.Run(
            h => Sessions(h.Input("input", Enumerable.Range(0, 10)), i =>
            {
                if (i is 3 or 7)
                {
                    clock.Advance(TimeSpan.FromSeconds(11));
                }
            }).Output("out", down = h.Sink<(long, List<int>)>()),
            clock);

        Assert.Equal(["0:0,1,2", "1:3,4,5,6", "2:7,8,9"], down.Items.Select(i => $"{i.Item1}:{string.Join(',', i.Item2)}"));
    }

    private static Stream<(long WindowId, List<int> Value)> Sessions(Stream<int> input, Action<int> beforeWindow) =>
        input.Inspect("advance", (_, i) => beforeWindow(i)).KeyOn("key", _ => "ALL")
            .FoldWindow("collect_records", new SystemClock<int>(), new SessionWindower(TimeSpan.FromSeconds(10)),
                static () => new List<int>(),
                static (acc, v) =>
                {
                    acc.Add(v);
                    return acc;
                },
                static (a, b) => [.. a, .. b])
            .Down.KeyRm("unkey");
}

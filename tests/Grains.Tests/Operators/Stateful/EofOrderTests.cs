using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Stateful;

/// <summary>The order of keys at end of input: ordinal by default, the key table's (first seen) with <see cref="EofOrderExtensions.UnsortedAtEof{TStream}"/>.</summary>
public sealed class EofOrderTests
{
    private static readonly (string Key, int Second)[] _events = [("b", 1), ("a", 2), ("c", 3), ("a", 4)];

    [Fact]
    public void CountWindow_AtEof_ClosesKeysWindowsInOrdinalOrder()
    {
        Assert.Equal([("a", 2L), ("b", 1L), ("c", 1L)], CountsAtEof(unsorted: false));
    }

    [Fact]
    public void CountWindow_UnsortedAtEofOnItsDownStream_ClosesKeysWindowsInTheOrderFirstSeen()
    {
        Assert.Equal(["b", "a", "c"], CountsAtEof(unsorted: true).Select(row => row.Key));
    }

    [Fact]
    public void FoldFinal_UnsortedAtEof_EmitsInTheOrderFirstSeen()
    {
        var output = FlowRunner.Run<(string, int)>((h, sink) => h.Input("inp", _events)
            .KeyOn("key", e => e.Key)
            .FoldFinal("sum", () => 0, (int sum, (string Key, int Second) e) => sum + e.Second)
            .UnsortedAtEof()
            .Output("out", sink), workers: 1);

        Assert.Equal([("b", 1), ("a", 6), ("c", 3)], output);
    }

    [Fact]
    public void UnsortedAtEof_StreamOfAStatelessStep_ThrowsNamingTheStep()
    {
        var flow = new Dataflow("eof_order");
        var mapped = flow.Input("inp", new Testing.TestingSource<int>([1])).Map("double", x => 2 * x);

        var error = Assert.Throws<InvalidOperationException>(() => mapped.UnsortedAtEof());

        Assert.Contains("'double'", error.Message, StringComparison.Ordinal);
    }

    private static List<(string Key, long Count)> CountsAtEof(bool unsorted) => FlowRunner.Run<(string Key, long Count)>((h, sink) =>
    {
        var clock = new EventClock<(string Key, int Second)>(e => DateTimeOffset.UnixEpoch.AddSeconds(e.Second), TimeSpan.Zero,
            nowGetter: () => DateTimeOffset.UnixEpoch);
        var down = h.Input("inp", _events)
            .CountWindow("count", clock, new TumblingWindower(TimeSpan.FromMinutes(1), DateTimeOffset.UnixEpoch), e => e.Key)
            .Down;
        (unsorted ? down.UnsortedAtEof() : down).Map("row", row => (row.Key, row.Value.Value)).Output("out", sink);
    });
}

using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Stateful;

public sealed class AggregationTests
{
    private static readonly int[] _numbers = [1, 4, 2, 9, 4, 3];

    [Fact]
    public void ReduceFinal_MaxReducer_EmitsOneResultPerKeyAtEof()
    {
        var output = FlowRunner.Run<(string, int)>((h, sink) => h.Input("inp", _numbers).KeyOn("key", _ => "ALL").ReduceFinal("max", Math.Max).Output("out", sink));

        Assert.Equal([("ALL", 9)], output);
    }

    [Fact]
    public void ReduceFinal_FirstValue_StartsTheAccumulatorWithoutReducing()
    {
        var output = FlowRunner.Run<(string, string)>((h, sink) => h.Input("inp", [("k", "a"), ("k", "b"), ("k", "c"), ("j", "z")])
            .ReduceFinal("concat", (acc, next) => $"({acc}+{next})").Output("out", sink));

        Assert.Equal([("j", "z"), ("k", "((a+b)+c)")], output);
    }

    [Fact]
    public void FoldFinal_MaxFolderFromZero_EmitsOneResultPerKeyAtEof()
    {
        var output = FlowRunner.Run<(string, int)>((h, sink) => h.Input("inp", _numbers).KeyOn("key", _ => "ALL").FoldFinal("max", () => 0, Math.Max).Output("out", sink));

        Assert.Equal([("ALL", 9)], output);
    }

    [Fact]
    public void FoldFinal_ListBuilder_IsCalledOncePerKey()
    {
        var built = 0;

        var output = FlowRunner.Run<(string, string)>((h, sink) => h.Input("inp", [("a", 1), ("b", 2), ("a", 3)])
            .FoldFinal("collect", () =>
            {
                built++;
                return string.Empty;
            }, (acc, value) => acc + value)
            .Output("out", sink));

        Assert.Equal([("a", "13"), ("b", "2")], output);
        Assert.Equal(2, built);
    }

    [Fact]
    public void CountFinal_IdentityKey_CountsEachDistinctItem()
    {
        var output = FlowRunner.Run<(string, long)>((h, sink) => h.Input("inp", ["a", "a", "b", "c", "b", "a"]).CountFinal("count", x => x).Output("out", sink));

        Assert.Equal([("a", 3L), ("b", 2L), ("c", 1L)], output);
    }

    [Fact]
    public void CountFinal_ManyWordsOnTwoWorkers_PreCombinedThroughAPrefetchedTableCountsEachExactly()
    {
        // 60,000 distinct words of fresh strings, each three times: each worker's pre-combine table passes the
        // prefetching threshold (256 KiB) within the one epoch, and every lookup compares against a stored string.
        const int words = 60_000;
        var items = Enumerable.Range(0, 3 * words).Select(i => new string($"w{(i * 7919L) % words}".AsSpan())).ToArray();

        var output = FlowRunner.Run<(string, long)>((h, sink) => h.Input("inp", items).CountFinal("count", x => x).Output("out", sink), workers: 2);

        Assert.Equal(words, output.Count);
        Assert.All(output, pair => Assert.Equal(3, pair.Item2));
        Assert.Equal(words, output.Select(pair => pair.Item1).Distinct().Count());
    }

    [Fact]
    public void CountFinal_IsTwoNestedSteps_NamedUnderItsId()
    {
        var flow = new Dataflow("test_df");
        flow.Input("inp", new TestingSource<string>(["a"])).CountFinal("count", x => x);

        Assert.Equal(["inp", "count.key", "count.sum"], flow.Steps.Select(s => s.Id));
    }

    [Fact]
    public void MaxFinal_ByField_EmitsWholeRecordWithLargestField()
    {
        var output = FlowRunner.Run<(string, Reading)>((h, sink) => h.Input("inp", Readings).KeyOn("user", r => r.User).MaxFinal("max", r => r.Val).Output("out", sink));

        Assert.Equal([("a", new Reading("a", 9))], output);
    }

    [Fact]
    public void MinFinal_ByField_EmitsWholeRecordWithSmallestField()
    {
        var output = FlowRunner.Run<(string, Reading)>((h, sink) => h.Input("inp", Readings).KeyOn("user", r => r.User).MinFinal("min", r => r.Val).Output("out", sink));

        Assert.Equal([("a", new Reading("a", 1))], output);
    }

    [Fact]
    public void MaxFinalAndMinFinal_EqualValues_KeepTheFirst()
    {
        List<(string, (int Val, string Id))> items = [("k", (5, "first")), ("k", (5, "second")), ("k", (1, "low1")), ("k", (1, "low2"))];

        var max = FlowRunner.Run<(string, (int, string))>((h, sink) => h.Input("inp", items).MaxFinal("max", v => v.Val).Output("out", sink));
        var min = FlowRunner.Run<(string, (int, string))>((h, sink) => h.Input("inp", items).MinFinal("min", v => v.Val).Output("out", sink));

        Assert.Equal([("k", (5, "first"))], max);
        Assert.Equal([("k", (1, "low1"))], min);
    }

    [Fact]
    public void MaxFinalAndMinFinal_ByValueItself_CompareValues()
    {
        var max = FlowRunner.Run<(string, int)>((h, sink) => h.Input("inp", _numbers).KeyOn("key", x => x % 2 == 0 ? "even" : "odd").MaxFinal("max").Output("out", sink));
        var min = FlowRunner.Run<(string, int)>((h, sink) => h.Input("inp", _numbers).KeyOn("key", x => x % 2 == 0 ? "even" : "odd").MinFinal("min").Output("out", sink));

        Assert.Equal([("even", 4), ("odd", 9)], max);
        Assert.Equal([("even", 2), ("odd", 1)], min);
    }

    [Fact]
    public void FinalAggregations_RunAborted_EmitNothing()
    {
        var harness = new FlowHarness();
        var counts = harness.Sink<(string, long)>();
        var sums = harness.Sink<(string, int)>();
        var input = harness.Input<int>("inp", [1, 2, 3, TestingMarker.Abort(), 4]);
        input.CountFinal("count", x => $"{x % 2}").Output("counts", counts);
        input.KeyOn("key", _ => "ALL").FoldFinal("sum", () => 0, (acc, x) => acc + x).Output("sums", sums);

        var result = harness.Run();

        Assert.Equal(ExecutionOutcome.Aborted, result.Outcome);
        Assert.Empty(counts.Items);
        Assert.Empty(sums.Items);
    }

    private static List<Reading> Readings => [new("a", 1), new("a", 9), new("a", 3)];

    /// <summary>Bytewax's {"user": ..., "val": ...} records.</summary>
    public sealed record Reading(string User, int Val);
}

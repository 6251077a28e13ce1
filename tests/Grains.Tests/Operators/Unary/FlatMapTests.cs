using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Unary;

public sealed class FlatMapTests
{
    [Fact]
    public void FlatMap_SplitSentence_EmitsEveryWordInOrder()
    {
        var output = FlowRunner.Run<string>((h, sink) => h.Input("inp", ["split this"]).FlatMap("split", s => s.Split(' ')).Output("out", sink));

        Assert.Equal(["split", "this"], output);
    }

    [Fact]
    public void FlatMap_LazyIterator_EmitsEveryElementInOrder()
    {
        static IEnumerable<string> Repeat((string Item, int Times) pair)
        {
            for (var i = 0; i < pair.Times; i++)
            {
                yield return pair.Item;
            }
        }

        var output = FlowRunner.Run<string>((h, sink) => h.Input("inp", [("a", 2), ("b", 4)]).FlatMap("repeat", Repeat).Output("out", sink));

        Assert.Equal(["a", "a", "b", "b", "b", "b"], output);
    }

    [Fact]
    public void FlatMap_EmptyResults_EmitNothing()
    {
        var output = FlowRunner.Run<int>((h, sink) => h.Input("inp", [1, 2, 3]).FlatMap("none", _ => Array.Empty<int>()).Output("out", sink));

        Assert.Empty(output);
    }

    [Fact]
    public void FlatMapBatch_BatchSizeTen_GetsBothItemsInOneCallAndEmitsAllWords()
    {
        var calls = new List<int>();
        var output = FlowRunner.Run<string>((h, sink) => h.Input("inp", ["split this", "and this"], batchSize: 10)
            .FlatMapBatch("split", batch =>
            {
                calls.Add(batch.Count);
                return batch.SelectMany(s => s.Split(' ')).ToList();
            })
            .Output("out", sink));

        Assert.Equal(["split", "this", "and", "this"], output);
        Assert.Equal([2], calls);
    }

    [Fact]
    public void FlatMapBatch_HundredThousandItemsIdentity_EmitsSameListInOrder()
    {
        var items = Enumerable.Range(0, 100_000).ToList();

        var output = FlowRunner.Run<int>((h, sink) => h.Input("inp", items, batchSize: 10).FlatMapBatch("identity", batch => batch).Output("out", sink));

        Assert.Equal(items, output);
    }

    [Fact]
    public void FlatMapBatch_NeverCalledWithEmptyBatch()
    {
        var sizes = new List<int>();
        var items = new List<TestingItem<int>> { 1, TestingMarker.Pause(TimeSpan.FromMilliseconds(20)), 2, 3 };

        FlowRunner.Run<int>((h, sink) => h.Input("inp", items, batchSize: 2).FlatMapBatch("sizes", batch =>
        {
            sizes.Add(batch.Count);
            return batch;
        }).Output("out", sink));

        Assert.Equal([1, 2], sizes);
    }

    [Fact]
    public void Flatten_ListsWithAnEmptyOne_EmitsElementsInOrder()
    {
        var output = FlowRunner.Run<int>((h, sink) =>
            h.Input("inp", new IEnumerable<int>[] { [1, 2], [], [3] }).Flatten("flat").Output("out", sink));

        Assert.Equal([1, 2, 3], output);
    }

    [Fact]
    public void Flatten_StreamOfLists_EmitsElementsInOrder()
    {
        var output = FlowRunner.Run<int>((h, sink) =>
            h.Input("inp", new List<int>[] { [1, 2], [], [3] }).Flatten("flat").Output("out", sink));

        Assert.Equal([1, 2, 3], output);
    }

    [Fact]
    public void Flatten_StreamOfArrays_EmitsElementsInOrder()
    {
        var output = FlowRunner.Run<string>((h, sink) =>
            h.Input("inp", new[] { new[] { "a" }, [], ["b", "c"] }).Flatten("flat").Output("out", sink));

        Assert.Equal(["a", "b", "c"], output);
    }

    [Fact]
    public void Flatten_NullItem_FailsNamingTheStep()
    {
        var harness = new FlowHarness();
        harness.Input("inp", new IEnumerable<int>[] { null! }).Flatten("flat").Output("out", harness.Sink<int>());

        var error = Assert.Throws<DataflowException>(() => harness.Run());

        Assert.Equal("flat", error.StepId);
        Assert.Contains("requires upstream items to be collections", error.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FlatMap_LongChainFused_CompletesWithOneRun()
    {
        var harness = new FlowHarness();
        var sink = harness.Sink<int>();
        var stream = harness.Input("inp", Enumerable.Range(0, 10).ToList());
        for (var i = 0; i < 20; i++)
        {
            stream = stream.FlatMap($"step_{i}", x => new[] { x });
        }

        stream.Output("out", sink);

        Assert.Equal(ExecutionOutcome.Completed, harness.Run().Outcome);
        Assert.Equal(Enumerable.Range(0, 10), sink.Items);
    }
}

using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Unary;

public sealed class InspectTests
{
    [Fact]
    public void Inspect_CustomInspector_SeesFullStepIdAndItemAndPassesItOn()
    {
        var seen = new List<(string StepId, string Item)>();

        var output = FlowRunner.Run<string>((h, sink) =>
            h.Input("inp", ["a"]).Inspect("insp", (id, item) => seen.Add((id, item))).Output("out", sink));

        Assert.Equal([("test_df.insp", "a")], seen);
        Assert.Equal(["a"], output);
    }

    [Fact]
    public void InspectDebug_CustomInspector_SeesEpochOneAndWorkerZero()
    {
        var seen = new List<(string StepId, string Item, long Epoch, int Worker)>();

        var output = FlowRunner.Run<string>((h, sink) =>
            h.Input("inp", ["a"]).InspectDebug("insp", (id, item, epoch, worker) => seen.Add((id, item, epoch, worker))).Output("out", sink));

        Assert.Equal([("test_df.insp", "a", 1L, 0)], seen);
        Assert.Equal(["a"], output);
    }

    [Fact]
    public void Inspect_ManyItems_CallsInspectorOncePerItemInOrder()
    {
        var seen = new List<int>();
        var items = Enumerable.Range(0, 50).ToList();

        var output = FlowRunner.Run<int>((h, sink) => h.Input("inp", items, batchSize: 7).Inspect("insp", (_, item) => seen.Add(item)).Output("out", sink));

        Assert.Equal(items, seen);
        Assert.Equal(items, output);
    }

    [Fact]
    public void InspectDebug_AsTheOnlyOutput_IsAValidFlow()
    {
        var seen = new List<int>();
        var harness = new FlowHarness();
        harness.Input("inp", [1, 2]).InspectDebug("insp", (_, item, _, _) => seen.Add(item));

        harness.Run();

        Assert.Equal([1, 2], seen);
    }
}

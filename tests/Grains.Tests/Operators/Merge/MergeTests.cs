using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Merge;

public sealed class MergeTests
{
    [Fact]
    public void Merge_ThreeSourcesOneWorkerBatchSizeOne_InterleavesRoundRobinInDefinitionOrder()
    {
        var output = FlowRunner.Run<int>((h, sink) =>
        {
            var a = h.Input("inp_a", [1, 3, 5]);
            var b = h.Input("inp_b", [2, 4, 6]);
            var c = h.Input("inp_c", [100, 200, 300]);
            a.Merge("merge", b, c).Output("out", sink);
        });

        Assert.Equal([1, 2, 100, 3, 4, 200, 5, 6, 300], output);
    }

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void Merge_UnevenRandomInputs_KeepsEveryItemAndEachInputsOrder(int seed) => Seeded.Run(seed, random =>
    {
        var inputs = Enumerable.Range(0, 3)
            .Select(i => Enumerable.Range(0, random.Next(0, 60)).Select(n => (Input: i, N: n)).ToList())
            .ToList();
        var batchSizes = inputs.Select(_ => random.Next(1, 8)).ToList();

        var output = FlowRunner.Run<(int Input, int N)>((h, sink) =>
        {
            var streams = inputs.Select((items, i) => h.Input($"inp_{i}", items, batchSizes[i])).ToList();
            streams[0].Merge("merge", streams[1], streams[2]).Output("out", sink);
        });

        Assert.Equal(inputs.SelectMany(i => i).Order(), output.Order());
        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.Equal(inputs[i], output.Where(item => item.Input == i));
        }
    });

    [Fact]
    public void Merge_NoOtherStreams_PassesItemsThrough()
    {
        var output = FlowRunner.Run<int>((h, sink) => h.Input("inp", [1, 2, 3]).Merge("merge").Output("out", sink));

        Assert.Equal([1, 2, 3], output);
    }

    [Fact]
    public void Merge_SameStreamTwice_EmitsEveryItemTwice()
    {
        var output = FlowRunner.Run<int>((h, sink) =>
        {
            var s = h.Input("inp", [1, 2]);
            s.Merge("merge", s).Output("out", sink);
        });

        Assert.Equal([1, 1, 2, 2], output);
    }

    [Fact]
    public void Merge_BranchesBackTogether_KeepsEveryItem()
    {
        var output = FlowRunner.Run<int>((h, sink) =>
        {
            var branch = h.Input("inp", Enumerable.Range(0, 20).ToList(), batchSize: 3).Branch("even", x => x % 2 == 0);
            branch.Trues.Map("tens", x => x * 10).Merge("merge", branch.Falses).Output("out", sink);
        });

        Assert.Equal(Enumerable.Range(0, 20).Select(x => x % 2 == 0 ? x * 10 : x).Order(), output.Order());
    }
}

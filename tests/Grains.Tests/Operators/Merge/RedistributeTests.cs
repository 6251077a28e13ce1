using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Merge;

public sealed class RedistributeTests
{
    [Fact]
    public void Redistribute_OneWorker_ChangesNothing()
    {
        var items = Enumerable.Range(0, 50).ToList();

        var output = FlowRunner.Run<int>((h, sink) => h.Input("inp", items, batchSize: 4).Redistribute("spread").Output("out", sink));

        Assert.Equal(items, output);
    }

    [Fact]
    public void Redistribute_FourWorkersOneReadingWorker_SpreadsItemsOverEveryWorker()
    {
        var items = Enumerable.Range(0, 100).ToList();
        var readBy = new List<(int Item, int Worker)>();
        var processedBy = new List<(int Item, int Worker)>();

        var output = FlowRunner.Run<int>((h, sink) => h.Input("inp", items, batchSize: 5)
            .InspectDebug("read", (_, item, _, worker) => { lock (readBy) { readBy.Add((item, worker)); } })
            .Redistribute("spread")
            .InspectDebug("processed", (_, item, _, worker) => { lock (processedBy) { processedBy.Add((item, worker)); } })
            .Output("out", sink), workers: 4);

        Assert.Equal(items, output.Order());
        Assert.Single(readBy.Select(r => r.Worker).Distinct());
        Assert.Equal([0, 1, 2, 3], processedBy.Select(p => p.Worker).Distinct().Order());
        Assert.All(processedBy.GroupBy(p => p.Worker), g => Assert.Equal(25, g.Count()));
    }
}

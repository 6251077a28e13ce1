using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Partitions;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Partitions;

/// <summary>Each partition restores the keys it owns and no other, and every source and sink partition's state.</summary>
public sealed class OwnedSnapshotsTests
{
    [Fact]
    public void EveryKeyOfAStatefulStep_IsRestoredByExactlyItsOwner_AndSourceStateByEveryPartition()
    {
        var flow = new Dataflow("owned");
        flow.Input("inp", new TestingSource<(string, long)>(new List<(string, long)>()))
            .StatefulMap<long, long, long>("sum", (sum, value) => (sum + value, sum + value))
            .Output("out", new TestingSink<(string, long)>([]));
        var options = new ExecutionOptions { WorkerCount = 3, KeyPartitionCount = 256 };
        var filters = Enumerable.Range(0, 3).Select(p => OwnedSnapshots.Of(flow, p, options)).ToArray();
        var owners = new KeyOwners(options.KeyPartitionCount, options.WorkerCount);

        foreach (var key in Enumerable.Range(0, 500).Select(i => $"key {i}"))
        {
            Assert.Equal([owners.OwnerOf(key)], Enumerable.Range(0, 3).Where(p => filters[p].Keeps("sum", key)));
        }

        Assert.All(filters, filter => Assert.True(filter.Keeps("inp", "part-0")));
        Assert.Equal(3, Enumerable.Range(0, 500).Select(i => owners.OwnerOf($"key {i}")).Distinct().Count());
    }
}

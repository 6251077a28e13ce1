using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Partitions;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Partitions;

/// <summary>A batch whose call to a partition on another silo fails on the way (the connection broke) while that silo lives: it is sent again, so the execution runs on instead of failing (no store) or starting again from its last commit (a store), which would print what a sink printed since that commit a second time.</summary>
public sealed class FailedDeliveryToLivePartitionTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Deliver_OneBatchFailsOnTheConnectionToALiveSilo_IsSentAgain_EveryRecordOnce_NoFailure()
    {
        var written = new List<int>();
        var broken = new BrokenConnection(typeof(IPartitionGrain), nameof(IPartitionGrain.Deliver), failing: 3);
        var loader = new BuiltFlowLoader(() => KeyedNumbers("redelivered", written));
        await using var cluster = await SubmittedFlows.Silos(2, loader, broken.AddTo);
        var flow = cluster.Client.GetGrain<IFlowGrain>("redelivered");

        await flow.Submit(SubmittedFlows.Deployment("redelivered")).WaitAsync(_noHang);
        var end = await SubmittedFlows.UntilEnded(flow, _noHang);

        Assert.True(broken.Calls >= 3, "the failed batch never went: fewer than three batches crossed between the silos, whose partitions were not spread over both");
        Assert.True(end.Failure is null, end.Failure?.Message);
        Assert.Equal(ExecutionOutcome.Completed, end.Outcome);
        lock (written)
        {
            Assert.Equal(Enumerable.Range(0, 100), written.Order());
        }
    }

    /// <summary>Flow <paramref name="id"/>: 0..99, read over about a second, keyed by their last digit so that they cross between partitions, each counted by its key and written once into <paramref name="written"/>.</summary>
    private static Dataflow KeyedNumbers(string id, List<int> written)
    {
        var flow = new Dataflow(id);
        flow.Input("numbers", new TestingSource<int>(SubmittedFlows.Slowly(100, TimeSpan.FromMilliseconds(10))))
            .Map("key", x => ($"k{x % 10}", x))
            .StatefulMap("count", (long? count, int x) => ((count ?? 0) + 1, x))
            .Map("value", keyed => keyed.Item2)
            .Output("out", new TestingSink<int>(written));
        return flow;
    }
}

using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Partitions;
using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Partitions;

/// <summary>A partition's start that could not be sent (the connection broke) to a silo that lives is made again: the execution starts, where it took the silo for lost and, without a store, failed before it began.</summary>
public sealed class FailedStartOnLiveSiloTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Start_OnePartitionsStartFailsOnTheConnection_IsMadeAgain_FlowCompletesWithEveryRecord()
    {
        var written = new List<int>();
        var broken = new BrokenConnection(typeof(IPartitionGrain), nameof(IPartitionGrain.Start), failing: 1);
        var loader = new BuiltFlowLoader(() => SubmittedFlows.SlowDoubling("restarted-start", written, TimeSpan.FromSeconds(1)));
        await using var cluster = await SubmittedFlows.OneSilo(loader, broken.AddTo);
        var flow = cluster.Client.GetGrain<IFlowGrain>("restarted-start");

        await flow.Submit(SubmittedFlows.Deployment("restarted-start")).WaitAsync(_noHang);
        var end = await SubmittedFlows.UntilEnded(flow, _noHang);

        Assert.True(end.Failure is null, end.Failure?.Message);
        Assert.Equal(ExecutionOutcome.Completed, end.Outcome);
        Assert.Equal(3, broken.Calls);
        lock (written)
        {
            Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2), written.Order());
        }
    }
}

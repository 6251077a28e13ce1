using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Partitions;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Runtime.Messaging;

namespace Orleans.Dataflow.Grains.Tests.Partitions;

/// <summary>A partition's start that could not be sent (the connection broke) to a silo that lives is made again: the execution starts, where it took the silo for lost and, without a store, failed before it began.</summary>
public sealed class FailedStartOnLiveSiloTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Start_OnePartitionsStartFailsOnTheConnection_IsMadeAgain_FlowCompletesWithEveryRecord()
    {
        var written = new List<int>();
        var failed = 0;
        await using var cluster = await SubmittedFlows.OneSilo(new BuiltFlowLoader(() => SubmittedFlows.SlowDoubling("restarted-start", written, TimeSpan.FromSeconds(1))), silo =>
        {
            // On the calling side (the frontier), where Orleans fails a call it could not send.
            silo.AddOutgoingGrainCallFilter(async call =>
            {
                if (call.InterfaceMethod.DeclaringType == typeof(IPartitionGrain) && call.InterfaceMethod.Name == nameof(IPartitionGrain.Start) && Interlocked.Increment(ref failed) == 1)
                {
                    throw new ConnectionFailedException("the connection to the partition's silo broke (test)");
                }

                await call.Invoke();
            });
        });
        var flow = cluster.Client.GetGrain<IFlowGrain>("restarted-start");

        await flow.Submit(SubmittedFlows.Deployment("restarted-start")).WaitAsync(_noHang);
        var end = await SubmittedFlows.UntilEnded(flow, _noHang);

        Assert.True(end.Failure is null, end.Failure?.Message);
        Assert.Equal(ExecutionOutcome.Completed, end.Outcome);
        Assert.Equal(3, Volatile.Read(ref failed));
        lock (written)
        {
            Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2), written.Order());
        }
    }
}

using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Testing;
using Orleans.Runtime.Messaging;

namespace Orleans.Dataflow.Grains.Tests.Flows;

/// <summary>A wait on a frontier's end that fails as a call to a lost silo fails (the connection broke) while the frontier runs on: the flow grain asks the frontier whether it runs before it takes it for lost, so the flow runs on instead of failing (no store) or being restarted.</summary>
public sealed class FailedWaitOnLiveFrontierTests
{
    /// <summary>How long the flow runs: several waits on the frontier come while it does.</summary>
    private static readonly TimeSpan _runTime = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WaitForEnd_OneWaitOnALiveFrontierFailsOnTheConnection_FlowCompletesWithEveryRecord_AndTheFrontierIsNeverRestarted()
    {
        var written = new List<int>();
        var failed = 0;
        await using var cluster = await SubmittedFlows.OneSilo(new BuiltFlowLoader(() => Doubling(written)), silo =>
        {
            silo.AddIncomingGrainCallFilter(async call =>
            {
                if (call.Grain is IFrontierGrain && call.InterfaceMethod.Name == nameof(IFrontierGrain.WaitForEnd) && Interlocked.Increment(ref failed) == 1)
                {
                    throw new ConnectionFailedException("the connection to the frontier's silo broke (test)");
                }

                await call.Invoke();
            });
        });
        var flow = cluster.Client.GetGrain<IFlowGrain>("broken-wait");

        await flow.Submit(SubmittedFlows.Deployment("broken-wait")).WaitAsync(_noHang);
        var end = await SubmittedFlows.UntilEnded(flow, _noHang);

        Assert.True(Volatile.Read(ref failed) > 1, "no wait on the frontier came after the failed one");
        Assert.True(end.Outcome == ExecutionOutcome.Completed, end.Failure?.Message);
        Assert.Equal(0, (await flow.Describe()).FrontierRestarts);
        lock (written)
        {
            Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2), written.Order());
        }
    }

    /// <summary>A flow that doubles 0..99, read slowly, into <paramref name="written"/>.</summary>
    private static Dataflow Doubling(List<int> written)
    {
        var flow = new Dataflow("broken-wait");
        flow.Input("numbers", new TestingSource<int>(SubmittedFlows.Slowly(100, _runTime / 100)))
            .Map("double", x => x * 2)
            .Output("out", new TestingSink<int>(written));
        return flow;
    }
}

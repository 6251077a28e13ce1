using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Flows;

/// <summary>A wait on a flow's end that comes while the flow grain is still starting its execution's frontier waits for that start: it does not take the frontier, not started yet, for one lost with its silo and start it again (a restart traced and counted that never was).</summary>
public sealed class WaitDuringDeployTests
{
    /// <summary>How long the frontier's start is held before it is sent: longer than a restart of a lost frontier waits.</summary>
    private static readonly TimeSpan _heldStart = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WaitForEnd_AskedWhileTheFrontierIsBeingStarted_WaitsForTheStart_AndNeverRestartsTheFrontier()
    {
        var written = new List<int>();
        var held = 0;
        await using var cluster = await SubmittedFlows.OneSilo(new BuiltFlowLoader(() => Numbers(written)), silo =>
        {
            silo.AddOutgoingGrainCallFilter(async call =>
            {
                if (call.InterfaceMethod.Name == nameof(IFrontierGrain.Start) && call.InterfaceMethod.DeclaringType == typeof(IFrontierGrain)
                    && Interlocked.Increment(ref held) == 1)
                {
                    await Task.Delay(_heldStart);
                }

                await call.Invoke();
            });
        });
        var flow = cluster.Client.GetGrain<IFlowGrain>("waited");

        var submit = flow.Submit(SubmittedFlows.Deployment("waited"));
        while (Volatile.Read(ref held) == 0)
        {
            await Task.Delay(10);
        }

        var end = await SubmittedFlows.UntilEnded(flow, _noHang);
        await submit.WaitAsync(_noHang);

        Assert.True(end.Outcome == ExecutionOutcome.Completed, end.Failure?.Message);
        Assert.Equal(1, Volatile.Read(ref held));
        Assert.Equal(0, (await flow.Describe()).FrontierRestarts);
        lock (written)
        {
            Assert.Equal(Enumerable.Range(0, 20), written.Order());
        }
    }

    /// <summary>A flow that writes 0..19 to <paramref name="written"/>.</summary>
    private static Dataflow Numbers(List<int> written)
    {
        var flow = new Dataflow("waited");
        flow.Input("numbers", new TestingSource<int>(Enumerable.Range(0, 20)))
            .Output("out", new TestingSink<int>(written));
        return flow;
    }
}

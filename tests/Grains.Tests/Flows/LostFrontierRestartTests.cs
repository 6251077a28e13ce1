using Orleans.Core.Internal;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Observability;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Flows;

/// <summary>A frontier whose activation goes while its execution runs (as with its silo) is started again by the flow grain from the recovery store: the restart is counted once and traced once, over the time it took.</summary>
public sealed class LostFrontierRestartTests
{
    /// <summary>How long the flow runs: the frontier goes while it does.</summary>
    private static readonly TimeSpan _runTime = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RestartFrontier_FrontierActivationGoesMidRun_RestartedFromTheStore_CountedAndTracedOnce_EveryRecordWritten()
    {
        var written = new List<int>();
        var store = new InMemoryRecoveryStore();
        using var restarts = new RestartSpans("lost-frontier");
        var loader = new BuiltFlowLoader(() => SubmittedFlows.SlowDoubling("lost-frontier", written, _runTime), options => options with { Recovery = store });
        await using var cluster = await SubmittedFlows.OneSilo(loader, _ => { });
        var flow = cluster.Client.GetGrain<IFlowGrain>("lost-frontier");
        var deployment = SubmittedFlows.RecoverableDeployment("lost-frontier");

        await flow.Submit(deployment).WaitAsync(_noHang);
        while (WrittenCount(written) < 10)
        {
            await Task.Delay(20);
        }

        await cluster.Client.GetGrain<IFrontierGrain>(deployment.ExecutionId).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var end = await SubmittedFlows.UntilEnded(flow, _noHang);

        Assert.True(end.Outcome == ExecutionOutcome.Completed, end.Failure?.Message);
        Assert.Equal(1, (await flow.Describe()).FrontierRestarts);
        var traced = Assert.Single(restarts.Ended);
        Assert.Equal(DataflowMeters.FrontierLostReason, traced.GetTagItem(DataflowMeters.ReasonTag));
        Assert.Equal(deployment.ExecutionId, traced.GetTagItem(DataflowActivities.ExecutionTag));
        Assert.True(traced.Duration > TimeSpan.Zero, "the restart's span does not cover the frontier's start");
        lock (written)
        {
            // Records after the last commit before the loss are written again on resume: at least once each.
            Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2), written.Distinct().Order());
        }
    }

    private static int WrittenCount(List<int> written)
    {
        lock (written)
        {
            return written.Count;
        }
    }
}

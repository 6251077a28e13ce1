using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Recovery;
using static Orleans.Dataflow.TestingHost.Tests.SlowFlows;

namespace Orleans.Dataflow.TestingHost.Tests;

/// <summary>A run is a deployment: its flow grain records the flow, its settings and its status, and deploys it again when it is lost with its silo.</summary>
[Collection(SharedTestClusters.Name)]
public sealed class TestClusterDeploymentTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Running_TheFlowGrainRecordsTheDeploymentItsSettingsAndStatus()
    {
        var store = new InMemoryRecoveryStore();
        var options = new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(20), Recovery = store };
        using var stop = new CancellationTokenSource();
        var running = new TestCluster(3).Start(RunningSums(SlowNumbers(10_000), [], "recorded"), options, stop.Token);
        FlowRecord? record = null;
        Assert.True(SpinWait.SpinUntil(() => (record = running.Deployment) is not null, _noHang), "no flow grain recorded the run");

        Assert.Equal("recorded", record!.Deployment!.Definition.FlowId);
        Assert.Equal(FlowDefinition.InProcess, record.Deployment.Definition.Origin);
        Assert.Equal(["inp (input)", "sum (stateful)", "out (output)"], record.Deployment.Definition.Steps);
        Assert.Equal(3, record.Deployment.Settings.PartitionCount);
        Assert.Equal(TimeSpan.FromMilliseconds(20), record.Deployment.Settings.EpochInterval);
        Assert.True(record.Deployment.Settings.Recoverable);
        Assert.StartsWith("recorded#", record.Deployment.ExecutionId, StringComparison.Ordinal);
        Assert.Equal(FlowDesiredState.Running, record.DesiredState);
        Assert.Equal(FlowStatus.Running, record.Status);

        await stop.CancelAsync();
        Assert.Equal(ExecutionOutcome.Stopped, running.Wait(_noHang).Outcome);
    }

    [Fact]
    public void Kill_TheSiloOfTheFlowGrainAndFrontier_WithAStore_TheFlowIsDeployedAgainAndResumesWithExactState()
    {
        // 5 s of input: finding the frontier's silo asks every silo for its grains, which on a loaded machine took
        // long enough for a 2 s input to end before the kill.
        var items = SlowNumbers(1000);
        var store = new InMemoryRecoveryStore();
        var options = new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(20), Recovery = store };
        var outputs = new List<(string Key, long Sum)>();
        var running = new TestCluster(3).Start(RunningSums(items, outputs, "redeployed"), options);
        Assert.True(SpinWait.SpinUntil(() => store.CommittedEpoch >= 3, _noHang), "the cluster committed no epoch");
        var frontierSilo = running.FrontierSilo;
        Assert.InRange(frontierSilo, 0, 2);
        var committedAtKill = store.CommittedEpoch;

        running.Kill(frontierSilo);
        var result = running.Wait(_noHang);

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.True(store.CommittedEpoch > committedAtKill, $"nothing was committed after the kill (epoch {committedAtKill} was committed when it came)");
        Assert.Equal(Totals(items), outputs.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Max(o => o.Sum)));
    }
}

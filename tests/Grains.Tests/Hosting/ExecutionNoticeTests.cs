using Microsoft.Extensions.DependencyInjection;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Testing;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;

namespace Orleans.Dataflow.Grains.Tests.Hosting;

/// <summary>A frontier's notice that a shared execution began or ended reaches the registration on the silo it names, and a process waiting there to take part ends with it instead of waiting out its startup timeout.</summary>
public sealed class ExecutionNoticeTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Begun_SentToAnotherSilo_CompletesThatSilosRegistrationAndNoOther()
    {
        await using var cluster = await DataflowTestSilos.StartAsync(silos: 2);
        var (here, there) = (DataflowTestSilos.CatalogOf(cluster, 0).Register("noticed@cluster", Flow(), new ExecutionOptions(), shared: true), DataflowTestSilos.CatalogOf(cluster, 1).Register("noticed@cluster", Flow(), new ExecutionOptions(), shared: true));

        await Notice(cluster, "noticed@cluster", silo: 1).Begun();
        await there.Begun.WaitAsync(_noHang);

        Assert.False(here.Begun.IsCompleted, "the silo the notice was not for took it");
    }

    [Fact]
    public async Task JoinAsync_ExecutionEndedBeforeAPartitionStartedHere_EndsWithTheFrontiersFailure()
    {
        await using var cluster = await DataflowTestSilos.StartAsync(silos: 2);
        var services = cluster.Silos[1].ServiceProvider;
        var joining = ClusterExecution.JoinAsync(services.GetRequiredService<IGrainFactory>(), DataflowTestSilos.CatalogOf(cluster, 1), Flow(), new ExecutionOptions(), partitionCount: 2,
            "ended@cluster", startupTimeout: TimeSpan.FromMinutes(10));
        var failure = new FailureReport("the execution lost a silo: partition 1 could not start on it", null, null, -1, null, null, FailureReport.SiloLost, "unreachable");

        await Notice(cluster, "ended@cluster", silo: 1).Ended(new ExecutionEnd(ExecutionOutcome.Aborted, -1, failure));
        var error = await Assert.ThrowsAsync<Cluster.ClusterException>(() => joining.WaitAsync(_noHang));

        Assert.Equal(failure.Message, error.Message);
    }

    /// <summary>The notice grain of <paramref name="executionId"/> for the <paramref name="silo"/>-th silo, placed there by the hint the frontier gives too.</summary>
    private static IExecutionNoticeGrain Notice(InProcessTestCluster cluster, string executionId, int silo)
    {
        var address = cluster.Silos[silo].SiloAddress;
        RequestContext.Set(IPlacementDirector.PlacementHintKey, address);
        return cluster.Client.GetGrain<IExecutionNoticeGrain>(ExecutionNoticeGrain.KeyOf(executionId, address));
    }

    private static Dataflow Flow()
    {
        var flow = new Dataflow("noticed");
        flow.Input("numbers", new TestingSource<int>([1, 2, 3])).Output("out", new TestingSink<int>([]));
        return flow;
    }
}

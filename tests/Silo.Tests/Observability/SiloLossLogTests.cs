using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Grains.Observability;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Testing;
using Orleans.TestingHost;

namespace Orleans.Dataflow.Silo.Tests.Observability;

/// <summary>A silo killed under a running execution shows in the logs: the frontier logs the silo lost (<see cref="DataflowEventIds.SiloLost"/>) naming it, and each of its partitions moved (<see cref="DataflowEventIds.PartitionMoved"/>) naming the partition and the silo it left.</summary>
public sealed class SiloLossLogTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Events_ASiloKilledMidRun_AreSiloLostNamingIt_AndPartitionMovedNamingEachOfItsPartitions()
    {
        var logs = new CapturedLogs();
        var catalog = new DataflowExecutionCatalog();
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.InitializeClientOnDeploy = true;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddDataflow(catalog);
            silo.Services.AddSingleton<ILoggerProvider>(logs);
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var store = new InMemoryRecoveryStore();
        var flow = new Dataflow("silo-lost-logged");
        // About 3 s of input: a pause of 10 ms after every ten numbers.
        flow.Input("numbers", new TestingSource<int>(Enumerable.Range(0, 3000).Select(i => i % 10 == 9 ? (TestingItem<int>)TestingMarker.Pause(TimeSpan.FromMilliseconds(10)) : i)))
            .KeyOn("key", x => (x % 30).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .StatefulMap<int, long, long>("sum", (sum, x) => (sum + x, sum + x))
            .Output("out", new TestingSink<(string, long)>([]));

        var run = ClusterExecution.RunAsync(cluster.Client, catalog, flow, new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(20), Recovery = store }, 3);
        Assert.True(SpinWait.SpinUntil(() => store.CommittedEpoch >= 2 || run.IsCompleted, _noHang), "the cluster committed no epoch");
        var frontier = await Frontier(cluster, flow.Id);
        var status = await frontier.Grain.Status() ?? throw new InvalidOperationException("the frontier has no status while its execution runs");
        // Not the frontier's silo: a lost frontier is started again elsewhere and knows nothing of the silos before.
        var killed = cluster.Silos.First(silo => !silo.SiloAddress.Equals(frontier.Silo) && status.Partitions.Any(p => p.Silo == silo.SiloAddress.ToString()));
        var moved = status.Partitions.Where(p => p.Silo == killed.SiloAddress.ToString()).Select(p => p.Index).ToList();
        await cluster.KillSiloAsync(killed);
        var result = await run.WaitAsync(_noHang);

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        var logged = logs.Mentioning($"'{frontier.Execution}'");
        var lost = logged.Where(entry => entry.EventId.Id == DataflowEventIds.SiloLost).ToList();
        Assert.Contains(lost, entry => entry.Message.Contains(killed.SiloAddress.ToString(), StringComparison.Ordinal));
        Assert.All(lost, entry => Assert.Equal(LogLevel.Warning, entry.Level));
        Assert.NotEmpty(moved);
        Assert.All(moved, partition => Assert.Contains(logged, entry => entry.EventId.Id == DataflowEventIds.PartitionMoved
            && entry.Message.Contains($"partition {partition} moved from silo {killed.SiloAddress}", StringComparison.Ordinal)));
    }

    /// <summary>The frontier of <paramref name="flowId"/>'s execution on <paramref name="cluster"/>: its grain, its execution id and the silo it is on.</summary>
    private static async Task<(IFrontierGrain Grain, string Execution, SiloAddress Silo)> Frontier(InProcessTestCluster cluster, string flowId)
    {
        var client = cluster.Client;
        var management = client.GetGrain<IManagementGrain>(0);
        var frontierType = client.GetGrain<IFrontierGrain>(flowId).GetGrainId().Type;
        var execution = (await management.GetActiveGrains(frontierType))
            .Select(id => id.Key.ToString()!)
            .Single(key => key.StartsWith($"{flowId}#", StringComparison.Ordinal));
        var grain = client.GetGrain<IFrontierGrain>(execution);
        return (grain, execution, await management.GetActivationAddress(grain) ?? throw new InvalidOperationException($"the frontier of '{execution}' is not active"));
    }
}

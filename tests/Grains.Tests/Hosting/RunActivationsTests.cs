using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Hosting;

/// <summary>A run leaves no grain of its own active: its flow, frontier and partition grains deactivate once it has ended, so a silo that runs flow after flow does not keep one set per run.</summary>
public sealed class RunActivationsTests
{
    private static readonly string[] _runGrains = ["FlowGrain", "FrontierGrain", "PartitionGrain"];

    [Fact]
    public async Task ACompletedRun_LeavesNoFlowFrontierOrPartitionGrainActive()
    {
        await using var cluster = await DataflowTestSilos.StartAsync();
        var catalog = DataflowTestSilos.CatalogOf(cluster);
        var flow = new Dataflow("run_activations");
        flow.Input("in", ListSource<int>.Split([.. Enumerable.Range(0, 100)], partitionCount: 3))
            .KeyOn("key", x => (x % 7).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .CountFinal("count", x => x.Key)
            .Output("out", new RecordingSink<(string, long)>(new DisposeTracker()));

        var result = await ClusterExecution.RunAsync(cluster.Client, catalog, flow, new ExecutionOptions(), partitionCount: 3);
        var outcome = result.Outcome;
        var left = await ActiveRunGrainsAfter(cluster.Client, TimeSpan.FromSeconds(30));

        Assert.Equal(ExecutionOutcome.Completed, outcome);
        Assert.Empty(left);
    }

    [Fact]
    public async Task ARunThatFails_LeavesNoFlowFrontierOrPartitionGrainActive()
    {
        await using var cluster = await DataflowTestSilos.StartAsync();
        var catalog = DataflowTestSilos.CatalogOf(cluster);
        var flow = new Dataflow("run_activations_failing");
        flow.Input("in", ListSource<int>.Split([.. Enumerable.Range(0, 100)], partitionCount: 2))
            .Map("poison", x => x == 50 ? throw new InvalidOperationException("poison 50") : x)
            .Output("out", new RecordingSink<int>(new DisposeTracker()));

        var failure = await Assert.ThrowsAsync<DataflowException>(() => ClusterExecution.RunAsync(cluster.Client, catalog, flow, new ExecutionOptions(), partitionCount: 2));
        var left = await ActiveRunGrainsAfter(cluster.Client, TimeSpan.FromSeconds(30));

        Assert.Equal("poison", failure.StepId);
        Assert.Empty(left);
    }

    /// <summary>The run grains still active, by type and count, once none is or <paramref name="wait"/> has passed.</summary>
    private static async Task<IReadOnlyList<string>> ActiveRunGrainsAfter(IGrainFactory grains, TimeSpan wait)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var active = (await management.GetSimpleGrainStatistics())
                .Where(s => s.ActivationCount > 0 && _runGrains.Any(name => s.GrainType.Contains(name, StringComparison.Ordinal)))
                .Select(s => $"{s.GrainType}: {s.ActivationCount}")
                .ToList();
            if (active.Count == 0 || DateTime.UtcNow > deadline)
            {
                return active;
            }

            await Task.Delay(50);
        }
    }
}

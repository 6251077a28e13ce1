using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Hosting;

/// <summary>An execution's entry knows which of its workers run in this process, so that one left running after the end is found and named.</summary>
public sealed class ExecutionEntryTests
{
    [Fact]
    public void WorkersLeftRunning_NamesEveryWorkerThatHasNotLeft_AndNoneThatHas()
    {
        var entry = Entry();
        object first = new(), second = new(), third = new();
        entry.OnWorkerStarting(first, "partition 0 of attempt 1 on silo A");
        entry.OnWorkerStarting(second, "partition 1 of attempt 1 on silo A");
        entry.OnWorkerStarting(third, "partition 1 of attempt 2 on silo B");
        entry.OnWorkerLeft(second);

        var left = entry.WorkersLeftRunning(TimeSpan.Zero);

        Assert.Equal(["partition 0 of attempt 1 on silo A", "partition 1 of attempt 2 on silo B"], left);
    }

    [Fact]
    public void WorkersLeftRunning_WaitsForAWorkerThatLeavesWithinTheWait()
    {
        var entry = Entry();
        var worker = new object();
        entry.OnWorkerStarting(worker, "partition 0 of attempt 1 on silo A");
        using var leaving = new Timer(_ => entry.OnWorkerLeft(worker), null, TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);

        var left = entry.WorkersLeftRunning(TimeSpan.FromSeconds(30));

        Assert.Empty(left);
    }

    [Fact]
    public async Task ARunsWorkers_AreListedWhileTheyRun_AndHaveAllLeftWhenTheRunReturns()
    {
        const string executionId = "entry_workers@test";
        await using var cluster = await DataflowTestSilos.StartAsync();
        var catalog = DataflowTestSilos.CatalogOf(cluster);
        var whileRunning = new IReadOnlyList<string>[2];
        var flow = new Dataflow("entry_workers");
        flow.Input("in", ListSource<int>.Split([0, 1], partitionCount: 2))
            .Map("look", x =>
            {
                whileRunning[x] = catalog.Get(executionId).WorkersLeftRunning(TimeSpan.Zero);
                return x;
            })
            .Output("out", new RecordingSink<int>(new DisposeTracker()));
        ExecutionEntry? entry = null;
        var run = ClusterExecution.RunAsync(cluster.Client, catalog, flow, new ExecutionOptions(), partitionCount: 2, sharedExecutionId: executionId,
            started: () => entry = catalog.Get(executionId));

        await run;

        for (var partition = 0; partition < 2; partition++)
        {
            Assert.Contains(whileRunning[partition], name => name.StartsWith($"partition {partition} of attempt ", StringComparison.Ordinal));
        }

        Assert.Empty(entry!.WorkersLeftRunning(TimeSpan.Zero));
    }

    private static ExecutionEntry Entry() => new("flow#1", new Dataflow("flow"), new ExecutionOptions(), shared: false);
}

using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Hosting;

/// <summary>A process's wait on its shared execution's flow grain that could not be sent (the connection broke) while that grain's silo lives is made again: the processes run to the end together, where one took the flow grain for lost and, without a store, ended with an error while the execution ran on.</summary>
public sealed class FailedWaitOnLiveFlowGrainTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WaitForEnd_OneWaitOnTheFlowGrainFailsOnTheConnection_BothProcessesRunToTheEnd_EveryRecordOnce()
    {
        var written = new List<int>();
        var broken = new BrokenConnection(typeof(IFlowGrain), nameof(IFlowGrain.WaitForEnd), failing: 1);
        await using var cluster = await DataflowTestSilos.StartAsync(silos: 2, broken.AddTo);
        var options = new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(50) };

        var (running, joining) = SharedExecutions.Start(cluster, () => Flow(written), options, partitionCount: 2, "blip@cluster", startupTimeout: _noHang);
        var results = await Task.WhenAll(running, joining).WaitAsync(_noHang);

        Assert.True(broken.Calls > 1, "no wait on the flow grain came after the failed one");
        Assert.All(results, result => Assert.Equal(ExecutionOutcome.Completed, result.Outcome));
        lock (written)
        {
            Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2), written.Order());
        }
    }

    /// <summary>Doubles 0..99, read over about two seconds, into <paramref name="written"/>: each process registers the flow as it loaded it.</summary>
    private static Dataflow Flow(List<int> written) => SubmittedFlows.SlowDoubling("blip", written, TimeSpan.FromSeconds(2));
}

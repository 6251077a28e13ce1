using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Hosting;

/// <summary>The frontier's notice that a shared execution began, sent to a process whose silo got no partition, is sent again when the connection broke: that process takes part, where it waited out its startup timeout and ended with an error while the execution ran on.</summary>
public sealed class FailedBegunNoticeTests
{
    private static readonly TimeSpan _startupTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Begun_FirstNoticeToEachSiloFailsOnTheConnection_TheProcessWithoutAPartitionStillJoinsAndBothComplete()
    {
        var written = new List<int>();
        // The notice goes to every silo; the first one to each of the two fails.
        var brokenFirst = new BrokenConnection(typeof(IExecutionNoticeGrain), nameof(IExecutionNoticeGrain.Begun), failing: 1);
        var brokenSecond = new BrokenConnection(typeof(IExecutionNoticeGrain), nameof(IExecutionNoticeGrain.Begun), failing: 2);
        await using var cluster = await DataflowTestSilos.StartAsync(silos: 2, silo =>
        {
            brokenFirst.AddTo(silo);
            brokenSecond.AddTo(silo);
        });
        var options = new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(50) };
        // The only partition goes to the first silo in address order; the other silo's process learns of the start from the notice alone.
        var (running, joining) = cluster.Silos[0].SiloAddress.CompareTo(cluster.Silos[1].SiloAddress) < 0 ? (0, 1) : (1, 0);

        // The flow reads for twice the startup timeout, so the end's notice cannot stand in for a lost start's.
        var (run, join) = SharedExecutions.Start(cluster, () => Flow(written), options, partitionCount: 1, "notice@cluster", _startupTimeout, running, joining);
        var results = await Task.WhenAll(run, join).WaitAsync(_noHang);

        Assert.True(brokenSecond.Calls > 2, "no notice that the execution began came after the failed ones");
        Assert.All(results, result => Assert.Equal(ExecutionOutcome.Completed, result.Outcome));
        lock (written)
        {
            Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2), written.Order());
        }
    }

    /// <summary>Doubles 0..99, read over twice the startup timeout, into <paramref name="written"/>.</summary>
    private static Dataflow Flow(List<int> written) => SubmittedFlows.SlowDoubling("notice", written, _startupTimeout * 2);
}

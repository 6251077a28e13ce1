using Orleans.Dataflow.Grains.Cluster;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.TestingHost.Tests;

/// <summary>Failure in a cluster is fail-stop: a lost or failing silo stops every other one with an error naming it, and restarting resumes with nothing lost.</summary>
/// <remarks>The silos run in this process on loopback TCP (<see cref="TestCluster"/>); a killed silo's connections are reset as a crashed process's would be.</remarks>
public sealed class TestClusterFailureTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Kill_OneOfThreeSilosMidRun_OthersStopNamingItAndARestartResumesExactly(int killed)
    {
        var items = SlowNumbers(300);
        var expected = items.Where(i => i.Marker is null).GroupBy(i => i.Item.Item1).ToDictionary(g => g.Key, g => g.Sum(i => i.Item.Item2));
        var store = new InMemoryRecoveryStore();
        var options = new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(20), Recovery = store };
        var outputs = new List<(string Key, long Sum)>();

        var running = new TestCluster(3).Start(RunningSums(items, outputs), options);
        Assert.True(SpinWait.SpinUntil(() => store.CommittedEpoch >= 3, _noHang), "the cluster committed no epoch");
        running.Kill(killed);
        var outcomes = running.Wait(_noHang);

        foreach (var outcome in outcomes.Where(o => o.SiloId != killed))
        {
            var error = Assert.IsType<ClusterException>(outcome.Error);
            Assert.Contains($"process {killed} (127.0.0.1:", error.Message, StringComparison.Ordinal);
        }

        Assert.True(outputs.Count < items.Count / 2, "the run ended before the kill: the input is too fast for this test");
        var resumed = new TestCluster(3).Run(RunningSums(items, outputs), options);

        Assert.Equal(ExecutionOutcome.Completed, resumed.Outcome);
        Assert.Equal(expected, outputs.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Max(o => o.Sum)));
    }

    [Fact]
    public void UserCodeThrows_OnOneSilo_ThatSiloReportsItAndTheOthersNameIt()
    {
        var flow = new Dataflow("throws");
        flow.Input("inp", new TestingSource<(string, long)>(Enumerable.Range(1, 50).Select(i => ($"k{i % 7}", (long)i))))
            .StatefulMap<long, long, long>("sum", (sum, value) => value == 33 ? throw new InvalidOperationException("boom at 33") : (sum + value, sum + value))
            .Output("out", new TestingSink<(string, long)>([]));

        var outcomes = new TestCluster(3).Start(flow).Wait(_noHang);

        var failing = Assert.Single(outcomes, o => o.Error is DataflowException);
        Assert.Equal("sum", ((DataflowException)failing.Error!).StepId);
        foreach (var other in outcomes.Where(o => o != failing))
        {
            var error = Assert.IsType<ClusterException>(other.Error);
            Assert.Contains($"process {failing.SiloId} (127.0.0.1:", error.Message, StringComparison.Ordinal);
            Assert.Contains("boom at 33", error.Message, StringComparison.Ordinal);
        }

        Assert.Throws<DataflowException>(() => new TestCluster(3).Run(flow));
    }

    [Fact]
    public async Task GracefulStop_OnACluster_EverySiloStopsAfterTheSameEpoch()
    {
        var store = new InMemoryRecoveryStore();
        var options = new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(20), Recovery = store };
        using var stop = new CancellationTokenSource();

        var running = new TestCluster(2, workersPerSilo: 2).Start(RunningSums(SlowNumbers(10_000), []), options, stop.Token);
        Assert.True(SpinWait.SpinUntil(() => store.CommittedEpoch >= 2, _noHang), "the cluster committed no epoch");
        await stop.CancelAsync();
        var outcomes = running.Wait(_noHang);

        Assert.All(outcomes, o => Assert.Equal(ExecutionOutcome.Stopped, o.Result?.Outcome));
        Assert.Single(outcomes.Select(o => o.Result!.ClosedEpoch).Distinct());
        Assert.Equal(outcomes[0].Result!.ClosedEpoch, store.CommittedEpoch);
    }

    [Fact]
    public void Exchange_BetweenSilos_GoesOverTheConnections()
    {
        var running = new TestCluster(2).Start(RunningSums(Enumerable.Range(1, 2000).Select(i => (TestingItem<(string, long)>)($"k{i % 50}", (long)i)).ToList(), []));

        Assert.All(running.Wait(_noHang), o => Assert.Equal(ExecutionOutcome.Completed, o.Result?.Outcome));
        Assert.True(running.BytesSent > 2000 * 8, $"only {running.BytesSent} bytes crossed between the silos");
    }

    /// <summary>Items spread over seven keys, with a pause after each so that a run lasts long enough to be killed in the middle.</summary>
    private static List<TestingItem<(string, long)>> SlowNumbers(int count)
    {
        var items = new List<TestingItem<(string, long)>>();
        for (var i = 1; i <= count; i++)
        {
            items.Add(($"k{i % 7}", (long)i));
            items.Add(TestingMarker.Pause(TimeSpan.FromMilliseconds(5)));
        }

        return items;
    }

    private static Dataflow RunningSums(List<TestingItem<(string, long)>> items, List<(string, long)> output)
    {
        var flow = new Dataflow("cluster_sums");
        flow.Input("inp", new TestingSource<(string, long)>(items))
            .StatefulMap<long, long, long>("sum", (sum, value) => (sum + value, sum + value))
            .Output("out", new TestingSink<(string, long)>(output));
        return flow;
    }
}

using System.Diagnostics.Metrics;
using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Testing;
using static Orleans.Dataflow.TestingHost.Tests.SlowFlows;

namespace Orleans.Dataflow.TestingHost.Tests;

/// <summary>Failures and stops on a cluster of silos: one error naming where user code threw, a graceful stop at one epoch, records crossing silos as bytes.</summary>
/// <remarks>The silos are Orleans silos in this process (<see cref="TestCluster"/>); partitions are spread over them.</remarks>
[Collection(SharedTestClusters.Name)]
public sealed class TestClusterFailureTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Kill_OneOfThreeSilosMidRun_WithAStore_TheRunResumesOnTheOthersWithExactState(int killed)
    {
        var items = SlowNumbers(300);
        var expected = Totals(items);
        var store = new InMemoryRecoveryStore();
        var options = new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(20), Recovery = store };
        var outputs = new List<(string Key, long Sum)>();

        var running = new TestCluster(3).Start(RunningSums(items, outputs), options);
        Assert.True(SpinWait.SpinUntil(() => store.CommittedEpoch >= 3, _noHang), "the cluster committed no epoch");
        var committedAtKill = store.CommittedEpoch;
        running.Kill(killed);
        var result = running.Wait(_noHang);

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.True(store.CommittedEpoch > committedAtKill, "nothing was committed after the kill");
        Assert.Equal(expected, outputs.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Max(o => o.Sum)));
    }

    [Fact]
    public void Kill_OneOfThreeSilosMidRun_WithoutAStore_TheRunFailsNamingTheLostSilo()
    {
        var outputs = new List<(string Key, long Sum)>();
        var running = new TestCluster(3).Start(RunningSums(SlowNumbers(2000), outputs), new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(20) });
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref outputs).Count >= 30, _noHang), "the cluster emitted nothing");
        running.Kill(2);

        var error = Assert.Throws<Grains.Cluster.ClusterException>(() => running.Wait(_noHang));

        Assert.Contains("lost ", error.Message, StringComparison.Ordinal);
        Assert.Contains("silo", error.Message, StringComparison.Ordinal);
        Assert.Contains("without a recovery store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stop_OneOfThreeSilosMidRun_WithAStore_HandsItsPartitionsOverWithoutReadingAnythingTwice()
    {
        var items = SlowNumbers(300);
        var store = new InMemoryRecoveryStore();
        var options = new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(20), Recovery = store };
        var outputs = new List<(string Key, long Sum)>();
        var running = new TestCluster(3).Start(RunningSums(items, outputs, "hand_over"), options);
        Assert.True(SpinWait.SpinUntil(() => store.CommittedEpoch >= 3, _noHang), "the cluster committed no epoch");

        // Not the frontier's silo: the coordinator itself is not handed over, and a new one would resume from the last commit.
        running.Stop(running.FrontierSilo == 2 ? 1 : 2);
        var result = running.Wait(_noHang);

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal(Totals(items), outputs.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Max(o => o.Sum)));
        Assert.Equal(300, outputs.Count);
    }

    [Fact]
    public void Stop_OneOfThreeSilosMidRun_WithoutAStore_TheRunFailsNamingTheSilo()
    {
        var outputs = new List<(string Key, long Sum)>();
        var running = new TestCluster(3).Start(RunningSums(SlowNumbers(2000), outputs, "hand_over_no_store"), new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(20) });
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref outputs).Count >= 30, _noHang), "the cluster emitted nothing");
        running.Stop(running.FrontierSilo == 2 ? 1 : 2);

        var error = Assert.Throws<Grains.Cluster.ClusterException>(() => running.Wait(_noHang));

        Assert.Contains("silo", error.Message, StringComparison.Ordinal);
        Assert.Contains("without a recovery store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UserCodeThrows_OnOnePartition_TheRunFailsNamingStepPartitionAndSilo()
    {
        var flow = new Dataflow("throws");
        flow.Input("inp", new TestingSource<(string, long)>(Enumerable.Range(1, 50).Select(i => ($"k{i % 7}", (long)i))))
            .StatefulMap<long, long, long>("sum", (sum, value) => value == 33 ? throw new InvalidOperationException("boom at 33") : (sum + value, sum + value))
            .Output("out", new TestingSink<(string, long)>([]));

        var error = Assert.Throws<DataflowException>(() => new TestCluster(3).Start(flow).Wait(_noHang));

        Assert.Equal("sum", error.StepId);
        Assert.InRange(error.WorkerIndex, 0, 2);
        Assert.Contains("boom at 33", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task GracefulStop_OnACluster_EveryPartitionStopsAfterTheCommittedEpoch()
    {
        var store = new InMemoryRecoveryStore();
        var options = new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(20), Recovery = store };
        using var stop = new CancellationTokenSource();

        var running = new TestCluster(2, workersPerSilo: 2).Start(RunningSums(SlowNumbers(10_000), []), options, stop.Token);
        Assert.True(SpinWait.SpinUntil(() => store.CommittedEpoch >= 2, _noHang), "the cluster committed no epoch");
        await stop.CancelAsync();
        var result = running.Wait(_noHang);

        Assert.Equal(ExecutionOutcome.Stopped, result.Outcome);
        Assert.Equal(result.ClosedEpoch, store.CommittedEpoch);
    }

    [Fact]
    public void Exchange_BetweenSilos_SerializesTheRecords()
    {
        long bytes = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ExchangeMeters.MeterName && instrument.Name == ExchangeMeters.BytesSentName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref bytes, value));
        listener.Start();
        var output = new List<(string, long)>();

        var result = new TestCluster(2).Start(RunningSums(Enumerable.Range(1, 2000).Select(i => (TestingItem<(string, long)>)($"k{i % 50}", (long)i)).ToList(), output)).Wait(_noHang);

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal(2000, output.Count);
        Assert.True(Interlocked.Read(ref bytes) > 1000 * 8, $"only {bytes} bytes crossed between the silos");
    }
}

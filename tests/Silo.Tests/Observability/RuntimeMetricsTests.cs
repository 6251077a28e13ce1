using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Observability;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Testing;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Silo.Tests.Observability;

/// <summary>A running flow's partitions show their counts on the engine's meter, tagged with the flow, step, partition and silo; epochs, commits and failures are measured per flow.</summary>
public sealed class RuntimeMetricsTests(ObservedSilo silo) : IClassFixture<ObservedSilo>
{
    [Fact]
    public async Task StepCounts_CollectedWhileAFlowRuns_GiveEachStepsRecordsInAndOut_AndTheStatefulStepsKeys_TaggedWithFlowPartitionAndSilo()
    {
        using var meters = new CollectedMeters("metrics-steps");
        var seen = 0;
        var flow = new Dataflow("metrics-steps");
        flow.Input("numbers", new TestingSource<int>(Enumerable.Range(1, 100), batchSize: 10))
            .Map("double", x => x * 2)
            .KeyOn("key", x => (x % 7).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .StatefulMap<int, long, long>("sum", (sum, x) => (sum + x, sum + x))
            .Map("collect", sum =>
            {
                // The last sum: every record has passed every step upstream, whose counts are final.
                if (++seen == 100)
                {
                    meters.Collect();
                }

                return sum;
            })
            .Output("out", new TestingSink<(string, long)>([]));

        var result = await silo.RunAsync(flow, new ExecutionOptions());

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal([100.0], meters.Values(PartitionMeters.RecordsOutName, "numbers"));
        Assert.Equal([100.0], meters.Values(PartitionMeters.RecordsInName, "double"));
        Assert.Equal([100.0], meters.Values(PartitionMeters.RecordsOutName, "double"));
        Assert.Equal([100.0], meters.Values(PartitionMeters.RecordsInName, "sum"));
        Assert.Equal([7.0], meters.Values(PartitionMeters.StateKeysName, "sum"));
        var measured = meters.Measurements.First(m => m.Instrument == PartitionMeters.RecordsOutName);
        Assert.Equal(0, measured.Tags[DataflowMeters.PartitionTag]);
        Assert.False(string.IsNullOrEmpty(measured.Tags[DataflowMeters.SiloTag] as string));
        Assert.Single(meters.Values(PartitionMeters.EpochName));
        Assert.Single(meters.Values(PartitionMeters.BackpressureName));
    }

    [Fact]
    public async Task EpochLatencies_FlowWithARecoveryStoreAndAnEpochEveryRound_AreMeasuredPerCloseAndPerCommit()
    {
        using var meters = new CollectedMeters("metrics-epochs");
        var flow = new Dataflow("metrics-epochs");
        flow.Input("numbers", new TestingSource<int>(Enumerable.Range(1, 50), batchSize: 5))
            .CountFinal("count", x => (x % 3).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Output("out", new TestingSink<(string, long)>([]));
        var store = new InMemoryRecoveryStore();

        var result = await silo.RunAsync(flow, new ExecutionOptions { Recovery = store, EpochInterval = TimeSpan.Zero });

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.NotEmpty(meters.Values(PartitionMeters.CloseDurationName));
        Assert.All(meters.Values(PartitionMeters.CloseDurationName), seconds => Assert.True(seconds >= 0));
        Assert.NotEmpty(meters.Values(DataflowMeters.CommitDurationName));
    }

    [Fact]
    public async Task Failures_AFlowWhoseCodeThrows_CountsOneFailureForTheFlow()
    {
        using var meters = new CollectedMeters("metrics-failing");
        var flow = new Dataflow("metrics-failing");
        flow.Input("numbers", new TestingSource<int>(Enumerable.Range(1, 10)))
            .Map("boom", x => x == 5 ? throw new InvalidOperationException("five") : x)
            .Output("out", new TestingSink<int>([]));

        await Assert.ThrowsAsync<DataflowException>(() => silo.RunAsync(flow, new ExecutionOptions()));

        Assert.Equal([1.0], meters.Values(DataflowMeters.FailuresName));
    }

    [Fact]
    public async Task SnapshotBytes_StatefulStepWithARecoveryStore_CountsTheBytesItWroteByTheEpochBefore()
    {
        using var meters = new CollectedMeters("metrics-snapshots");
        var seen = 0;
        var flow = new Dataflow("metrics-snapshots");
        flow.Input("numbers", new TestingSource<int>(Enumerable.Range(1, 40), batchSize: 4))
            .KeyOn("key", x => "k" + (x % 4).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .StatefulMap<int, long, long>("sum", (sum, x) => (sum + x, sum + x))
            .Map("collect", sum =>
            {
                // Epochs are cut every round: by the last record, earlier epochs have closed and snapshotted their keys.
                if (++seen == 40)
                {
                    meters.Collect();
                }

                return sum;
            })
            .Output("out", new TestingSink<(string, long)>([]));
        var store = new InMemoryRecoveryStore();

        var result = await silo.RunAsync(flow, new ExecutionOptions { Recovery = store, EpochInterval = TimeSpan.Zero });

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        var bytes = Assert.Single(meters.Values(PartitionMeters.SnapshotBytesName, "sum"));
        Assert.True(bytes > 0, $"snapshot bytes {bytes}");
    }

    [Fact]
    public async Task LateRecords_AnEventBehindTheWatermark_IsCountedOnTheWindowsLateStep()
    {
        using var meters = new CollectedMeters("metrics-late");
        var start = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var emitted = 0;
        var flow = new Dataflow("metrics-late");
        var windows = flow.Input("events", new TestingSource<DateTimeOffset>([start, start.AddSeconds(20), start.AddSeconds(5)]))
            .CountWindow("count", new EventClock<DateTimeOffset>(time => time, TimeSpan.Zero), new TumblingWindower(TimeSpan.FromSeconds(10), start), _ => "all");
        windows.Down
            .Map("collect", count =>
            {
                // The second window closes at EOF, after the late event went its way.
                if (++emitted == 2)
                {
                    meters.Collect();
                }

                return count;
            })
            .Output("out", new TestingSink<(string, (long, long))>([]));
        windows.Late.Output("late", new TestingSink<(string, (long, DateTimeOffset))>([]));

        var result = await silo.RunAsync(flow, new ExecutionOptions());

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal([1.0], meters.Values(PartitionMeters.RecordsLateName, "count.late"));
    }
}

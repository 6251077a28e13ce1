using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Inputs;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Execution;

/// <summary>Epochs: cut by the interval while sources are live, starting at 1, aligned at stateful steps across workers.</summary>
public sealed class EpochTests
{
    [Fact]
    public void InspectDebug_SlowSourceShortEpochInterval_SeesLaterEpochs()
    {
        var epochs = new List<long>();
        var pause = TestingMarker.Pause(TimeSpan.FromMilliseconds(50));

        FlowRunner.Run<int>((h, sink) => h.Input<int>("inp", [0, pause, 1, pause, 2])
            .InspectDebug("epochs", (_, _, epoch, _) => epochs.Add(epoch))
            .Output("out", sink), epochInterval: TimeSpan.FromMilliseconds(5));

        Assert.Equal(3, epochs.Count);
        Assert.True(epochs[0] >= 1 && epochs[0] < epochs[1] && epochs[1] < epochs[2], $"epochs {string.Join(", ", epochs)}");
    }

    [Fact]
    public void InspectDebug_RoundBeginningAfterItsEpochEnded_ReadsIntoTheEpochItBeganIn()
    {
        // The run's clock stands still but for one jump of a second while the first item is read, as if the worker
        // stalled there: the next round begins 200 epochs of 5 ms later, and what it reads belongs to the last of them.
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var epochs = new List<long>();
        var harness = new FlowHarness();
        harness.Flow.Input("inp", new StallingSource(clock, TimeSpan.FromSeconds(1)))
            .InspectDebug("epochs", (_, _, epoch, _) => epochs.Add(epoch))
            .Output("out", harness.Sink<int>());

        harness.Run(epochInterval: TimeSpan.FromMilliseconds(5), clock: clock);

        Assert.Equal([1, 201], epochs);
    }

    [Fact]
    public void InspectDebug_FastSourceLongEpochInterval_EverythingInEpochOne()
    {
        var epochs = new List<long>();

        FlowRunner.Run<int>((h, sink) => h.Input("inp", Enumerable.Range(0, 100).ToList(), batchSize: 3)
            .InspectDebug("epochs", (_, _, epoch, _) => epochs.Add(epoch))
            .Output("out", sink));

        Assert.All(epochs, e => Assert.Equal(1, e));
    }

    [Fact]
    public void InspectDebug_EpochIntervalZero_EveryBatchInANewEpoch()
    {
        var epochs = new List<long>();

        FlowRunner.Run<int>((h, sink) => h.Input("inp", Enumerable.Range(0, 20).ToList())
            .InspectDebug("epochs", (_, _, epoch, _) => epochs.Add(epoch))
            .Output("out", sink), epochInterval: TimeSpan.Zero);

        Assert.All(epochs.Zip(epochs.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"epochs {string.Join(", ", epochs)}"));
    }

    [Fact]
    public void Run_Completed_ReportsEveryEpochClosed()
    {
        var harness = new FlowHarness();
        harness.Input("inp", [1, 2]).Output("out", harness.Sink<int>());

        var result = harness.Run(workers: 2);

        Assert.Equal(long.MaxValue - 1, result.ClosedEpoch);
    }

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void StatefulStep_FourWorkersManyShortEpochs_EmitsInEpochOrderAndKeepsPerKeyOrder(int seed) => Seeded.Run(seed, random =>
    {
        // Each key is fed by one partition only, so its running sums are defined whatever the worker count.
        var partitions = Enumerable.Range(0, 4)
            .Select(p => (IReadOnlyList<(string Key, int Value)>)Enumerable.Range(0, 150).Select(_ => ($"p{p}k{random.Next(3)}", random.Next(100))).ToList())
            .ToList();
        var seen = new List<(int Worker, long Epoch)>();

        var output = FlowRunner.Run<(string, long)>((h, sink) => h.Flow.Input("inp", h.Track(new ListSource<(string, int)>(partitions, batchSize: random.Next(1, 4))))
            .StatefulMap("sum", (long? sum, int value) => ((sum ?? 0) + value, (sum ?? 0) + value))
            .InspectDebug("epochs", (_, _, epoch, worker) => { lock (seen) { seen.Add((worker, epoch)); } })
            .Output("out", sink), workers: 4, epochInterval: TimeSpan.FromMilliseconds(1));

        foreach (var worker in seen.GroupBy(s => s.Worker))
        {
            var epochs = worker.Select(s => s.Epoch).ToList();
            Assert.True(epochs.SequenceEqual(epochs.Order()), $"worker {worker.Key} emitted out of epoch order: {string.Join(", ", epochs)}");
        }

        foreach (var key in partitions.SelectMany(p => p).GroupBy(p => p.Key))
        {
            long running = 0;
            Assert.Equal(key.Select(p => running += p.Value), output.Where(o => o.Item1 == key.Key).Select(o => o.Item2));
        }
    });

    [Fact]
    public void InspectDebug_EpochIntervalZero_FirstBatchInEpochOneAndOneEpochPerBatch()
    {
        var epochs = new List<long>();

        FlowRunner.Run<int>((h, sink) => h.Input("inp", [1, 2])
            .InspectDebug("epochs", (_, _, epoch, _) => epochs.Add(epoch))
            .Output("out", sink), epochInterval: TimeSpan.Zero);

        Assert.Equal([1L, 2L], epochs);
    }

    /// <summary>One partition of two batches of one item each, moving the run's clock by <c>stall</c> while it reads the first.</summary>
    private sealed class StallingSource(ManualClock clock, TimeSpan stall) : DynamicSource<int>
    {
        public override StatelessSourcePartition<int> Build(string stepId, int workerIndex, int workerCount) => new Partition(clock, stall);

        private sealed class Partition(ManualClock clock, TimeSpan stall) : StatelessSourcePartition<int>
        {
            private int _next;

            public override bool NextBatch(List<int> batch)
            {
                if (_next == 0)
                {
                    clock.Advance(stall);
                }

                batch.Add(_next++);
                return _next < 2;
            }
        }
    }
}

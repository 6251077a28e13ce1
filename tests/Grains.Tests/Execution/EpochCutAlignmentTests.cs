using System.Diagnostics;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Grains.Tests.Execution;

/// <summary>Partitions cut the same epoch at the same instant, however long their rounds take: the gap between their cuts does not grow.</summary>
public sealed class EpochCutAlignmentTests
{
    private static readonly TimeSpan _interval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void TwoWorkers_OneWithSlowRounds_StartEachEpochWithinAnIntervalOfEachOtherToTheEnd()
    {
        // Worker 1 sleeps 30 ms per batch, so it sees each cut instant up to 30 ms late. Cutting on its own clock (the
        // interval counted from its last cut) it would fall 30 ms further behind worker 0 with every epoch.
        var firstSeen = new Dictionary<(int Worker, long Epoch), long>();
        var harness = new FlowHarness();
        harness.Flow.Input("ticks", new PacedSource(TimeSpan.FromSeconds(3), slowWorker: 1, slowRound: TimeSpan.FromMilliseconds(30)))
            .InspectDebug("epochs", (_, stamp, epoch, worker) =>
            {
                lock (firstSeen)
                {
                    firstSeen.TryAdd((worker, epoch), stamp);
                }
            })
            .Output("out", harness.Sink<long>());

        harness.Run(workers: 2, epochInterval: _interval);

        var gaps = firstSeen.Keys.Where(k => k.Worker == 0 && firstSeen.ContainsKey((1, k.Epoch))).Select(k => k.Epoch).Order()
            .Select(epoch => Stopwatch.GetElapsedTime(Math.Min(firstSeen[(0, epoch)], firstSeen[(1, epoch)]), Math.Max(firstSeen[(0, epoch)], firstSeen[(1, epoch)])))
            .ToList();
        Assert.True(gaps.Count >= 12, $"only {gaps.Count} epochs were seen by both workers");
        var lastQuarter = gaps.Skip(gaps.Count * 3 / 4).Order().ToList();
        var median = lastQuarter[lastQuarter.Count / 2];
        Assert.True(median < _interval, $"in the last quarter of the run the workers began an epoch {median.TotalMilliseconds:0.0} ms apart (median), more than the {_interval.TotalMilliseconds} ms interval; "
            + $"gaps in ms: {string.Join(", ", gaps.Select(g => g.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}");
    }

    /// <summary>One partition per worker emitting its read time (a <see cref="Stopwatch"/> timestamp) every round for <c>duration</c>; the slow worker's rounds sleep longer.</summary>
    private sealed class PacedSource(TimeSpan duration, int slowWorker, TimeSpan slowRound) : DynamicSource<long>
    {
        public override StatelessSourcePartition<long> Build(string stepId, int workerIndex, int workerCount)
            => new Partition(duration, workerIndex == slowWorker ? slowRound : TimeSpan.FromMilliseconds(1));

        private sealed class Partition(TimeSpan duration, TimeSpan round) : StatelessSourcePartition<long>
        {
            private readonly long _started = Stopwatch.GetTimestamp();

            public override bool NextBatch(List<long> batch)
            {
                Thread.Sleep(round);
                batch.Add(Stopwatch.GetTimestamp());
                return Stopwatch.GetElapsedTime(_started) < duration;
            }
        }
    }
}

using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Inputs;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Execution;

/// <summary>Ending a run early: a graceful stop closes one last epoch on every worker; an abort ends at once, as a crash would.</summary>
public sealed class StopAndAbortTests
{
    [Fact]
    public void Stop_EndlessSourceFourWorkers_StopsPromptlyWithEveryEmittedEpochClosed()
    {
        var flowId = WorkerThreads.UniqueFlowId("sp");
        using var stop = new CancellationTokenSource();
        var seen = 0;
        var epochs = new List<(int Worker, long Epoch)>();
        var harness = new FlowHarness(flowId);
        var sink = harness.Sink<Tick>(_ =>
        {
            if (Interlocked.Increment(ref seen) == 400)
            {
                stop.Cancel();
            }
        });
        var counts = harness.Sink<(string, long)>();
        var ticks = harness.Flow.Input("inp", harness.Endless());
        ticks.Redistribute("spread")
            .InspectDebug("epochs", (_, _, epoch, worker) => { lock (epochs) { epochs.Add((worker, epoch)); } })
            .Output("out", sink);
        ticks.CountFinal("count", t => $"{t.Worker}").Output("counts", counts);

        var result = harness.Run(workers: 4, epochInterval: TimeSpan.FromMilliseconds(5), stop: stop.Token, timeout: TimeSpan.FromSeconds(10));

        Assert.Equal(ExecutionOutcome.Stopped, result.Outcome);
        Assert.True(sink.Count >= 400);
        Assert.True(epochs.Max(e => e.Epoch) <= result.ClosedEpoch, $"items emitted in epoch {epochs.Max(e => e.Epoch)} but only {result.ClosedEpoch} closed");
        Assert.Empty(counts.Items);
        WorkerThreads.AssertNoneAlive(flowId);
    }

    [Fact]
    public void Stop_OnePartitionFourWorkersNoExchange_StopsAlthoughIdleWorkersFinishedEarly()
    {
        // Workers without a partition have nothing to wait for in a flow without exchanges and finish at once; the
        // stop must not wait for them to agree on the last epoch.
        var flowId = WorkerThreads.UniqueFlowId("id");
        using var stop = new CancellationTokenSource();
        var seen = 0;
        var harness = new FlowHarness(flowId);
        var sink = harness.Sink<Tick>(_ =>
        {
            if (Interlocked.Increment(ref seen) == 50)
            {
                stop.Cancel();
            }
        });
        harness.Flow.Input("inp", harness.Track(new OneEndlessPartition())).Map("same", t => t).Output("out", sink);

        var result = harness.Run(workers: 4, epochInterval: TimeSpan.FromMilliseconds(5), stop: stop.Token, timeout: TimeSpan.FromSeconds(10));

        Assert.Equal(ExecutionOutcome.Stopped, result.Outcome);
        Assert.All(sink.Records, r => Assert.Equal(0, r.Worker));
        WorkerThreads.AssertNoneAlive(flowId);
    }

    [Fact]
    public void Stop_TokenCancelledBeforeRun_StopsInFirstEpochWithoutReading()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        var harness = new FlowHarness();
        var sink = harness.Sink<Tick>();
        harness.Flow.Input("inp", harness.Endless()).Output("out", sink);

        var result = harness.Run(workers: 2, stop: stop.Token);

        Assert.Equal((ExecutionOutcome.Stopped, 1L), (result.Outcome, result.ClosedEpoch));
        Assert.Empty(sink.Items);
    }

    [Fact]
    public void Stop_FiniteInputEndsFirst_RunCompletes()
    {
        using var stop = new CancellationTokenSource();
        var harness = new FlowHarness();
        harness.Input("inp", [1, 2, 3]).Output("out", harness.Sink<int>());

        Assert.Equal(ExecutionOutcome.Completed, harness.Run(workers: 2, stop: stop.Token).Outcome);
    }

    [Fact]
    public void Abort_FourWorkersWithFinalAggregations_AbortedWithoutEofOutput()
    {
        var flowId = WorkerThreads.UniqueFlowId("ab");
        List<TestingItem<int>> items = [.. Enumerable.Range(0, 50).Select(i => (TestingItem<int>)i), TestingMarker.Abort(), .. Enumerable.Range(50, 50).Select(i => (TestingItem<int>)i)];
        var harness = new FlowHarness(flowId);
        var passed = harness.Sink<int>();
        var counts = harness.Sink<(string, long)>();
        var input = harness.Input("inp", items, batchSize: 5);
        input.Redistribute("spread").Output("out", passed);
        input.CountFinal("count", x => $"{x % 7}").Output("counts", counts);

        var result = harness.Run(workers: 4, epochInterval: TimeSpan.FromMilliseconds(2));

        Assert.Equal(ExecutionOutcome.Aborted, result.Outcome);
        Assert.Empty(counts.Items);
        Assert.All(passed.Items, x => Assert.InRange(x, 0, 49));
        WorkerThreads.AssertNoneAlive(flowId);
    }

    /// <summary>A partitioned source with one partition that never ends, so only one worker reads.</summary>
    private sealed class OneEndlessPartition : FixedPartitionedSource<Tick, long>
    {
        public override IReadOnlyList<string> ListParts() => ["only"];

        public override StatefulSourcePartition<Tick, long> BuildPart(string stepId, string forPart, long resumeState) => new Partition(resumeState);

        private sealed class Partition(long next) : StatefulSourcePartition<Tick, long>
        {
            private long _next = next;
            private DateTimeOffset _awake;

            public override bool NextBatch(List<Tick> batch)
            {
                batch.Add(new Tick(0, _next++));
                _awake = DateTimeOffset.UtcNow.AddMilliseconds(1);
                return true;
            }

            public override DateTimeOffset? NextAwake() => _awake;

            public override long Snapshot() => _next;
        }
    }
}

using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Inputs;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Input;

public sealed class InputTests
{
    [Fact]
    public void Input_DynamicSourceRepeatingEachNumberTwice_EmitsEveryBatchInOrder()
    {
        var output = FlowRunner.Run<int>((h, sink) => h.Flow.Input("inp", new RepeatingDynamicSource()).Output("out", sink));

        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3, 4, 4], output);
    }

    [Fact]
    public void Input_FixedPartitionedSourceRepeatingEachNumberTwice_EmitsEveryBatchInOrder()
    {
        var output = FlowRunner.Run<int>((h, sink) => h.Flow.Input("inp", h.Track(new RepeatingFixedSource())).Output("out", sink));

        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3, 4, 4], output);
    }

    [Fact]
    public void Input_EightPartitionsFourWorkers_EachPartitionReadByOneWorkerRoundRobinOverSortedNames()
    {
        var partitions = Enumerable.Range(0, 8).Select(p => (IReadOnlyList<int>)Enumerable.Range(p * 100, 10).ToList()).ToList();
        var readBy = new List<(int Item, int Worker)>();

        var output = FlowRunner.Run<int>((h, sink) => h.Flow.Input("inp", h.Track(new ListSource<int>(partitions, batchSize: 3)))
            .InspectDebug("read", (_, item, _, worker) => { lock (readBy) { readBy.Add((item, worker)); } })
            .Output("out", sink), workers: 4);

        Assert.Equal(partitions.SelectMany(p => p).Order(), output.Order());
        Assert.All(readBy, r => Assert.Equal(r.Item / 100 % 4, r.Worker));
    }

    [Fact]
    public void Input_PartitionEmitsEmptyBatchesFirst_StillEmitsEveryItem()
    {
        var output = FlowRunner.Run<int>((h, sink) => h.Flow.Input("inp", h.Track(new ScriptedSource([[], [], [1, 2], [], [3]]))).Output("out", sink));

        Assert.Equal([1, 2, 3], output);
    }

    [Fact]
    public void Input_ItemsAddedInTheCallThatReturnsFalse_AreStillEmitted()
    {
        var output = FlowRunner.Run<int>((h, sink) => h.Flow.Input("inp", h.Track(new ScriptedSource([[1, 2]]))).Output("out", sink));

        Assert.Equal([1, 2], output);
    }

    [Fact]
    public void Input_SourceWithoutPartitions_CompletesWithoutItems()
    {
        var output = FlowRunner.Run<int>((h, sink) => h.Flow.Input("inp", h.Track(new ListSource<int>([]))).Output("out", sink), workers: 2);

        Assert.Empty(output);
    }

    [Fact]
    public void Input_PartitionAsksForWakeUpLater_IsNotPolledBeforeThen()
    {
        var interval = TimeSpan.FromMilliseconds(20);
        var source = new MetronomeSource(interval, count: 5);

        var output = FlowRunner.Run<DateTimeOffset>((h, sink) => h.Flow.Input("inp", h.Track(source)).Output("out", sink));

        Assert.Equal(5, output.Count);
        Assert.All(output.Zip(output.Skip(1)), pair => Assert.True(pair.Second - pair.First >= interval, $"polled again after {(pair.Second - pair.First).TotalMilliseconds} ms"));
    }

    [Fact]
    public void TestingSource_EofMarker_EndsTheInputThere()
    {
        var output = FlowRunner.Run<int>((h, sink) => h.Input<int>("inp", [0, 1, 2, TestingMarker.Eof(), 3, 4], batchSize: 2).Output("out", sink));

        Assert.Equal([0, 1, 2], output);
    }

    [Fact]
    public void TestingSource_AbortMarkerUsedInTwoRuns_AbortsOnlyTheFirst()
    {
        List<TestingItem<int>> items = [0, 1, 2, TestingMarker.Abort(), 3, 4];

        var first = new FlowHarness();
        var firstSink = first.Sink<int>();
        first.Input("inp", items, batchSize: 2).Output("out", firstSink);
        var firstResult = first.Run();
        var second = new FlowHarness();
        var secondSink = second.Sink<int>();
        second.Input("inp", items, batchSize: 2).Output("out", secondSink);
        var secondResult = second.Run();

        Assert.Equal(ExecutionOutcome.Aborted, firstResult.Outcome);
        Assert.Equal([0, 1, 2], firstSink.Items);
        Assert.Equal(ExecutionOutcome.Completed, secondResult.Outcome);
        Assert.Equal([0, 1, 2, 3, 4], secondSink.Items);
    }

    [Fact]
    public void TestingSource_PauseMarker_DelaysTheRestButKeepsEveryItem()
    {
        var pause = TimeSpan.FromMilliseconds(100);
        var times = new List<DateTimeOffset>();

        var output = FlowRunner.Run<int>((h, sink) => h.Input<int>("inp", [1, TestingMarker.Pause(pause), 2])
            .Inspect("time", (_, _) => times.Add(DateTimeOffset.UtcNow))
            .Output("out", sink));

        Assert.Equal([1, 2], output);
        Assert.True(times[1] - times[0] >= pause - TimeSpan.FromMilliseconds(1), $"second item came after {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    private sealed class RepeatingDynamicSource : DynamicSource<int>
    {
        public override StatelessSourcePartition<int> Build(string stepId, int workerIndex, int workerCount) => new Partition();

        private sealed class Partition : StatelessSourcePartition<int>
        {
            private int _next;

            public override bool NextBatch(List<int> batch)
            {
                if (_next >= 5)
                {
                    return false;
                }

                batch.AddRange(Enumerable.Repeat(_next++, 2));
                return true;
            }
        }
    }

    private sealed class RepeatingFixedSource : FixedPartitionedSource<int, int>
    {
        public override IReadOnlyList<string> ListParts() => ["one"];

        public override StatefulSourcePartition<int, int> BuildPart(string stepId, string forPart, int resumeState) => new Partition(resumeState);

        private sealed class Partition(int next) : StatefulSourcePartition<int, int>
        {
            private int _next = next;

            public override bool NextBatch(List<int> batch)
            {
                if (_next >= 5)
                {
                    return false;
                }

                batch.AddRange(Enumerable.Repeat(_next++, 2));
                return true;
            }

            public override int Snapshot() => _next;
        }
    }

    /// <summary>One partition returning the given batches in turn; the last batch is returned together with EOF.</summary>
    private sealed class ScriptedSource(int[][] batches) : FixedPartitionedSource<int, int>
    {
        public override IReadOnlyList<string> ListParts() => ["script"];

        public override StatefulSourcePartition<int, int> BuildPart(string stepId, string forPart, int resumeState) => new Partition(batches);

        private sealed class Partition(int[][] batches) : StatefulSourcePartition<int, int>
        {
            private int _next;

            public override bool NextBatch(List<int> batch)
            {
                batch.AddRange(batches[_next++]);
                return _next < batches.Length;
            }

            public override int Snapshot() => _next;
        }
    }

    /// <summary>Emits the time of each poll, asking to be polled again only after <c>interval</c>.</summary>
    private sealed class MetronomeSource(TimeSpan interval, int count) : FixedPartitionedSource<DateTimeOffset, int>
    {
        public override IReadOnlyList<string> ListParts() => ["tick"];

        public override StatefulSourcePartition<DateTimeOffset, int> BuildPart(string stepId, string forPart, int resumeState) => new Partition(interval, count);

        private sealed class Partition(TimeSpan interval, int count) : StatefulSourcePartition<DateTimeOffset, int>
        {
            private int _emitted;
            private DateTimeOffset _awake;

            public override bool NextBatch(List<DateTimeOffset> batch)
            {
                var now = DateTimeOffset.UtcNow;
                batch.Add(now);
                _awake = now + interval;
                return ++_emitted < count;
            }

            public override DateTimeOffset? NextAwake() => _awake;

            public override int Snapshot() => _emitted;
        }
    }
}

using Orleans.Dataflow.Grains.Tests.Operators.Stateful;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Inputs;
using Orleans.Dataflow.Outputs;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Execution;

/// <summary>User code that throws ends the run with one <see cref="DataflowException"/> naming where it happened, on every worker.</summary>
public sealed class ErrorTests
{
    [Fact]
    public void Map_ThrowsOnOneItem_FailsNamingFlowStepWorkerAndItemWithOriginalInside()
    {
        var boom = new BoomException("boom on 2");
        var harness = new FlowHarness("errors");
        var sink = harness.Sink<int>();
        harness.Input("inp", [1, 2, 3]).Map("explode", x => x == 2 ? throw boom : x).Output("out", sink);

        var error = Assert.Throws<DataflowException>(() => harness.Run());

        Assert.Equal("step 'errors.explode' failed on worker 0 on item 2: BoomException: boom on 2", error.Message);
        Assert.Equal(("errors", "explode", 0, "2"), (error.FlowId, error.StepId, error.WorkerIndex, error.Item));
        Assert.Same(boom, error.InnerException);
        Assert.Equal([1], sink.Items);
    }

    [Fact]
    public void Map_ThrowsOnWorkerTwoOfFour_EveryWorkerStopsPromptlyAndNoThreadIsLeft()
    {
        var flowId = WorkerThreads.UniqueFlowId("er");
        var harness = new FlowHarness(flowId);
        harness.Flow.Input("inp", harness.Endless())
            .Map("explode", tick => tick is { Worker: 2, Sequence: 20 } ? throw new BoomException($"boom on {tick}") : tick)
            .Output("out", harness.Sink<Tick>());

        var error = Assert.Throws<DataflowException>(() => harness.Run(workers: 4, epochInterval: TimeSpan.FromMilliseconds(5), timeout: TimeSpan.FromSeconds(10)));

        Assert.Equal((2, "explode", "W2#20"), (error.WorkerIndex, error.StepId, error.Item));
        Assert.IsType<BoomException>(error.InnerException);
        Assert.Equal(8, harness.Tracker.Opened); // a source and a sink partition on each worker, all disposed (checked by the harness)
        WorkerThreads.AssertNoneAlive(flowId);
    }

    [Fact]
    public void StatefulLogic_ThrowsOnItemReceivedThroughExchange_FailsNamingOwnerWorkerAndKeyedItem()
    {
        var flowId = WorkerThreads.UniqueFlowId("st");
        var harness = new FlowHarness(flowId);
        harness.Input("inp", Enumerable.Range(0, 200).Select(i => ($"k{i % 10}", i)).ToList(), batchSize: 7)
            .StatefulMap("sum", (long? sum, int value) => value == 137 ? throw new BoomException("no 137") : ((sum ?? 0) + value, value))
            .Output("out", harness.Sink<(string, int)>());

        var error = Assert.Throws<DataflowException>(() => harness.Run(workers: 4, epochInterval: TimeSpan.FromMilliseconds(2)));

        Assert.Equal("sum", error.StepId);
        Assert.Equal("(k7, 137)", error.Item);
        Assert.InRange(error.WorkerIndex, 0, 3);
        Assert.Contains($"step '{flowId}.sum' failed on worker {error.WorkerIndex} on item (k7, 137)", error.Message, StringComparison.Ordinal);
        WorkerThreads.AssertNoneAlive(flowId);
    }

    [Fact]
    public void StatefulLogic_OnNotifyThrows_FailsNamingTheKey()
    {
        var harness = new FlowHarness();
        harness.Input<int>("inp", [1, TestingMarker.Pause(TimeSpan.FromMilliseconds(200))])
            .KeyOn("key", _ => "k")
            .Stateful("logic", (string? resume) => new ThrowingNotifyLogic())
            .Output("out", harness.Sink<(string, int)>());

        var error = Assert.Throws<DataflowException>(() => harness.Run());

        Assert.Equal("logic", error.StepId);
        Assert.Null(error.Item);
        Assert.Equal("notifying key \"k\"", error.During);
        Assert.StartsWith("step 'test_df.logic' failed on worker 0 while notifying key \"k\": BoomException", error.Message, StringComparison.Ordinal);
        Assert.IsType<BoomException>(error.InnerException);
    }

    [Fact]
    public void StatefulLogic_OnEofThrows_FailsNamingTheKey()
    {
        var harness = new FlowHarness();
        harness.Input("inp", [1])
            .KeyOn("key", _ => "k")
            .Stateful("logic", (string? resume) => new TransitionLogic(resume, StateAction.Retain))
            .Map("explode", pair => pair.Value.New == "EOF" ? throw new BoomException("eof") : pair)
            .Output("out", harness.Sink<(string, (string, string))>());

        var error = Assert.Throws<DataflowException>(() => harness.Run());

        Assert.Equal("explode", error.StepId);
        Assert.Equal("(k, (ITEM, EOF))", error.Item);
    }

    [Fact]
    public void StatefulBuilder_Throws_FailsNamingTheKey()
    {
        var harness = new FlowHarness();
        harness.Input("inp", [1])
            .KeyOn("key", _ => "k")
            .Stateful<int, (string, string), string>("logic", _ => throw new BoomException("cannot build"))
            .Output("out", harness.Sink<(string, (string, string))>());

        var error = Assert.Throws<DataflowException>(() => harness.Run());

        Assert.Equal("logic", error.StepId);
        Assert.Null(error.Item);
        Assert.Equal("creating the state of key \"k\"", error.During);
    }

    [Fact]
    public void KeyFunction_Throws_FailsNamingStepAndItem()
    {
        var harness = new FlowHarness();
        harness.Input("inp", ["a", "b"]).CountFinal("count", x => x == "b" ? throw new BoomException("no key for b") : x).Output("out", harness.Sink<(string, long)>());

        var error = Assert.Throws<DataflowException>(() => harness.Run(workers: 2));

        Assert.Equal(("count.key", "\"b\""), (error.StepId, error.Item));
        Assert.IsType<BoomException>(error.InnerException);
    }

    [Fact]
    public void Sink_WriteThrows_FailsNamingTheOutputStep()
    {
        var harness = new FlowHarness("sinks");
        harness.Input("inp", [1, 2, 3]).Output("out", harness.Sink<int>(x => _ = x == 3 ? throw new BoomException("disk full") : 0));

        var error = Assert.Throws<DataflowException>(() => harness.Run());

        Assert.Equal(("out", "3"), (error.StepId, error.Item));
        Assert.StartsWith("step 'sinks.out' failed on worker 0 on item 3: BoomException: disk full", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sink_DisposeThrows_FailsNamingTheOutputStepAndWorker()
    {
        var harness = new FlowHarness("sinks");
        harness.Input("inp", [1, 2]).Output("out", new FailingDisposeSink());

        var error = Assert.Throws<DataflowException>(() => harness.Run(workers: 2));

        Assert.Equal("out", error.StepId);
        Assert.InRange(error.WorkerIndex, 0, 1);
        Assert.StartsWith($"step 'sinks.out' failed on worker {error.WorkerIndex}: IOException: flush failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_NextBatchThrows_FailsNamingTheInputStepAndPartition()
    {
        var harness = new FlowHarness();
        harness.Flow.Input("inp", harness.Track(new FailingSource(failOnCall: 2))).Output("out", harness.Sink<int>());

        var error = Assert.Throws<DataflowException>(() => harness.Run());

        Assert.Equal("inp", error.StepId);
        Assert.Null(error.Item);
        Assert.Equal("reading partition 'flaky'", error.During);
        Assert.IsType<BoomException>(error.InnerException);
    }

    [Fact]
    public void Source_PartitionDisposeThrowsAtEof_FailsNamingTheInputStepAndDisposesOnce()
    {
        var source = new FailingDisposeSource();
        var harness = new FlowHarness();
        harness.Flow.Input("inp", source).Output("out", harness.Sink<int>());

        var error = Assert.Throws<DataflowException>(() => harness.Run());

        Assert.Equal("inp", error.StepId);
        Assert.Null(error.Item);
        Assert.Equal("closing partition 'p'", error.During);
        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal(1, source.Disposed);
    }

    [Fact]
    public void Source_BuildPartThrows_FailsNamingTheInputStep()
    {
        var harness = new FlowHarness();
        harness.Flow.Input("inp", new FailingSource(failOnCall: 0)).Output("out", harness.Sink<int>());

        var error = Assert.Throws<DataflowException>(() => harness.Run());

        Assert.Equal("inp", error.StepId);
        Assert.IsType<BoomException>(error.InnerException);
    }

    [Fact]
    public void FlatMapBatch_Throws_FailsNamingTheBatch()
    {
        var harness = new FlowHarness();
        harness.Input("inp", [1, 2, 3], batchSize: 3).FlatMapBatch<int, int>("batch", _ => throw new BoomException("bad batch")).Output("out", harness.Sink<int>());

        var error = Assert.Throws<DataflowException>(() => harness.Run());

        Assert.Equal("batch", error.StepId);
        Assert.Contains("a batch of 3 items starting with 1", error.Item, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_LongItem_IsRenderedShortOnOneLine()
    {
        var harness = new FlowHarness();
        harness.Input("inp", [new string('x', 500) + "\nsecond line"]).Map<string, string>("explode", _ => throw new BoomException("long")).Output("out", harness.Sink<string>());

        var error = Assert.Throws<DataflowException>(() => harness.Run());

        Assert.DoesNotContain('\n', error.Item!);
        Assert.True(error.Item!.Length <= 121, $"item rendered with {error.Item.Length} characters");
    }

    private sealed class BoomException(string message) : Exception(message);

    private sealed class ThrowingNotifyLogic : StatefulLogic<int, int, string>
    {
        public override StateAction OnItem(int value, Emitter<int> output) => StateAction.Retain;

        public override StateAction OnNotify(Emitter<int> output) => throw new BoomException("notify");

        public override DateTimeOffset? NotifyAt() => DateTimeOffset.UtcNow;

        public override string Snapshot() => string.Empty;
    }

    private sealed class FailingDisposeSink : DynamicSink<int>
    {
        public override StatelessSinkPartition<int> Build(string stepId, int workerIndex, int workerCount) => new Partition();

        private sealed class Partition : StatelessSinkPartition<int>
        {
            public override void WriteBatch(IReadOnlyList<int> items)
            {
            }

            protected override void Dispose(bool disposing) => throw new IOException("flush failed");
        }
    }

    /// <summary>One partition "p" that emits one item with EOF and fails when disposed.</summary>
    private sealed class FailingDisposeSource : FixedPartitionedSource<int, int>
    {
        private int _disposed;

        public int Disposed => Volatile.Read(ref _disposed);

        public override IReadOnlyList<string> ListParts() => ["p"];

        public override StatefulSourcePartition<int, int> BuildPart(string stepId, string forPart, int resumeState) => new Partition(this);

        private sealed class Partition(FailingDisposeSource source) : StatefulSourcePartition<int, int>
        {
            public override bool NextBatch(List<int> batch)
            {
                batch.Add(1);
                return false;
            }

            public override int Snapshot() => 1;

            protected override void Dispose(bool disposing)
            {
                Interlocked.Increment(ref source._disposed);
                throw new IOException("close failed");
            }
        }
    }

    /// <summary>One partition "flaky" that fails on its n-th NextBatch call, or when built if n is 0.</summary>
    private sealed class FailingSource(int failOnCall) : FixedPartitionedSource<int, int>
    {
        public override IReadOnlyList<string> ListParts() => ["flaky"];

        public override StatefulSourcePartition<int, int> BuildPart(string stepId, string forPart, int resumeState)
            => failOnCall == 0 ? throw new BoomException("cannot open") : new Partition(failOnCall);

        private sealed class Partition(int failOnCall) : StatefulSourcePartition<int, int>
        {
            private int _calls;

            public override bool NextBatch(List<int> batch)
            {
                if (++_calls == failOnCall)
                {
                    throw new BoomException("read failed");
                }

                batch.Add(_calls);
                return true;
            }

            public override int Snapshot() => _calls;
        }
    }
}

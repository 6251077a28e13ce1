using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Inputs;
using Orleans.Dataflow.Outputs;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Lifecycle;

/// <summary>Failures outside the per-item path — snapshots, closing, aborts while opening — still name the step and release everything.</summary>
public sealed class LifecycleFailureTests
{
    [Fact]
    public void PartitionedSink_SnapshotThrows_FailsNamingTheStepAndPartition()
    {
        var flow = new Dataflow("snap");
        flow.Input("inp", new TestingSource<int>([1, 2, 3]))
            .KeyOn("key", i => $"{i}")
            .MapValue("text", i => $"{i}")
            .Output("out", new SnapshotFailingSink());

        var error = Assert.Throws<DataflowException>(() => DataflowExecution.Run(flow, new ExecutionOptions { EpochInterval = TimeSpan.Zero, Recovery = new Support.RecordingSnapshotSink() }));

        Assert.Equal(("out", 0, null), (error.StepId, error.WorkerIndex, error.Item));
        Assert.Equal("snapshotting partition 'only'", error.During);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public void Source_FirstOfTwoPartitionsThrowsOnDispose_SecondIsStillDisposed()
    {
        var source = new TwoPartitionSource(failingDispose: "a");
        var flow = new Dataflow("close");
        flow.Input("inp", source).Output("out", new TestingSink<int>([]));
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var error = Assert.Throws<DataflowException>(() => DataflowExecution.Run(flow, new ExecutionOptions(), stop.Token));

        Assert.Equal("closing partition 'a'", error.During);
        Assert.Equal(["a", "b"], source.Disposed.Order());
    }

    [Fact]
    public void Source_AbortWhileOpeningPartition_EndsAborted()
    {
        var flow = new Dataflow("abort_open");
        flow.Input("inp", new AbortingOnOpenSource()).Output("out", new TestingSink<int>([]));

        var result = DataflowExecution.Run(flow);

        Assert.Equal(ExecutionOutcome.Aborted, result.Outcome);
    }

    [Fact]
    public void Run_OptionsAndTransportDisagreeOnWorkers_IsRejected()
    {
        var flow = new Dataflow("mismatch");
        flow.Input("inp", new TestingSource<int>([1])).Output("out", new TestingSink<int>([]));
        using var transport = new InProcessTransport(3, 4);

        var error = Assert.Throws<ArgumentException>(() => DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = 2 }, transport));

        Assert.Contains("2 workers", error.Message, StringComparison.Ordinal);
        Assert.Contains("hosts 3", error.Message, StringComparison.Ordinal);
    }

    private sealed class SnapshotFailingSink : FixedPartitionedSink<string, int>
    {
        public override IReadOnlyList<string> ListParts() => ["only"];

        public override StatefulSinkPartition<string, int> BuildPart(string stepId, string forPart, int resumeState) => new Partition();

        private sealed class Partition : StatefulSinkPartition<string, int>
        {
            public override void WriteBatch(IReadOnlyList<string> values)
            {
            }

            public override int Snapshot() => throw new InvalidOperationException("cannot snapshot");
        }
    }

    /// <summary>Two endless partitions, "a" and "b"; one of them throws when disposed.</summary>
    private sealed class TwoPartitionSource(string failingDispose) : FixedPartitionedSource<int, int>
    {
        private readonly List<string> _disposed = [];

        public IReadOnlyList<string> Disposed
        {
            get
            {
                lock (_disposed)
                {
                    return [.. _disposed];
                }
            }
        }

        public override IReadOnlyList<string> ListParts() => ["a", "b"];

        public override StatefulSourcePartition<int, int> BuildPart(string stepId, string forPart, int resumeState) => new Partition(this, forPart);

        private sealed class Partition(TwoPartitionSource source, string name) : StatefulSourcePartition<int, int>
        {
            public override bool NextBatch(List<int> batch) => true;

            public override DateTimeOffset? NextAwake() => DateTimeOffset.UtcNow.AddMilliseconds(20);

            public override int Snapshot() => 0;

            protected override void Dispose(bool disposing)
            {
                lock (source._disposed)
                {
                    source._disposed.Add(name);
                }

                if (name == source.FailingDispose)
                {
                    throw new IOException($"cannot close {name}");
                }
            }
        }

        private string FailingDispose => failingDispose;
    }

    private sealed class AbortingOnOpenSource : FixedPartitionedSource<int, int>
    {
        public override IReadOnlyList<string> ListParts() => ["p"];

        public override StatefulSourcePartition<int, int> BuildPart(string stepId, string forPart, int resumeState)
            => throw new AbortExecutionException("abort while opening");
    }
}

using System.Buffers;
using System.Collections.Concurrent;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Serialization;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Recovery;

/// <summary>Where a stateful step's snapshots are serialized: off the worker's thread when the state is a copy by construction, on it when the logic could still change what it snapshotted.</summary>
/// <remarks>Epochs are cut on every round (interval zero), so keys are snapshotted many times; the snapshot handoff's thread is named after its worker's, with " snapshots" added.</remarks>
public sealed class SnapshotSerializationThreadTests
{
    private static readonly TestingItem<(string, int)>[] _items = [("a", 1), ("b", 2), ("a", 3), ("b", 4), ("c", 5)];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void StatefulMap_ValueTypeState_SerializedOnTheSnapshotHandoffsThread(int workers)
    {
        var serde = new ThreadRecordingSerde<long>(Serde.For<long>());
        var store = new InMemoryRecoveryStore();

        var output = Run(flow => flow.StatefulMap<int, long, long>("sum", (sum, value) => (sum + value, sum + value), serde), store, workers);

        Assert.Equal([("a", 1L), ("a", 4L), ("b", 2L), ("b", 6L), ("c", 5L)], output.Order());
        Assert.NotEmpty(serde.Threads);
        Assert.All(serde.Threads, name => Assert.EndsWith(" snapshots", name));
    }

    [Fact]
    public void StatefulMap_ClassState_SerializedOnTheWorkersThread()
    {
        // The mapper changes the list in place: a snapshot serialized later could hold a later item.
        var serde = new ThreadRecordingSerde<List<int>>(Serde.For<List<int>>());

        var output = Run(flow => flow.StatefulMap<int, List<int>, int>("seen", (seen, value) =>
        {
            seen ??= [];
            seen.Add(value);
            return (seen, seen.Count);
        }, serde), new InMemoryRecoveryStore(), workers: 1);

        Assert.Equal([("a", 1), ("a", 2), ("b", 1), ("b", 2), ("c", 1)], output.Order());
        Assert.NotEmpty(serde.Threads);
        Assert.All(serde.Threads, name => Assert.DoesNotContain("snapshots", name, StringComparison.Ordinal));
    }

    [Fact]
    public void StatefulMap_ValueTypeStateSerdeThrowsOnTheHandoffsThread_FailsNamingTheStepAndKey()
    {
        var flow = new Dataflow(Support.WorkerThreads.UniqueFlowId("st"));
        flow.Input("inp", new TestingSource<(string Key, int Value)>(_items))
            .StatefulMap<int, long, long>("sum", (sum, value) => (sum + value, sum + value), new ThrowingSerde())
            .Output("out", new TestingSink<(string, long)>([]));

        var error = Assert.Throws<DataflowException>(() =>
            DataflowExecution.Run(flow, new ExecutionOptions { EpochInterval = TimeSpan.Zero, Recovery = new InMemoryRecoveryStore() }));

        Assert.Equal("sum", error.StepId);
        Assert.Equal("snapshotting key \"a\"", error.During);
        Assert.Equal("no bytes for a", error.InnerException!.Message);
    }

    private static List<(string, TOut)> Run<TOut>(Func<Stream<(string Key, int Value)>, Stream<(string, TOut)>> step, InMemoryRecoveryStore store, int workers)
    {
        var output = new List<(string, TOut)>();
        var flow = new Dataflow(Support.WorkerThreads.UniqueFlowId("st"));
        step(flow.Input("inp", new TestingSource<(string Key, int Value)>(_items)))
            .Output("out", new TestingSink<(string, TOut)>(output));

        var result = DataflowExecution.Run(flow, new ExecutionOptions { EpochInterval = TimeSpan.Zero, Recovery = store, WorkerCount = workers });

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        return output;
    }

    /// <summary>A serde of running sums that cannot write the first key's (its sum is 1).</summary>
    private sealed class ThrowingSerde : ISerde<long>
    {
        public void Serialize(long value, IBufferWriter<byte> writer)
        {
            if (value == 1)
            {
                throw new InvalidOperationException("no bytes for a");
            }

            Serde.For<long>().Serialize(value, writer);
        }

        public long Deserialize(ReadOnlySpan<byte> bytes) => Serde.For<long>().Deserialize(bytes);
    }

    /// <summary>A serde that records the name of every thread it serializes on.</summary>
    private sealed class ThreadRecordingSerde<T>(ISerde<T> inner) : ISerde<T>
    {
        private readonly ConcurrentQueue<string> _threads = new();

        public List<string> Threads => [.. _threads];

        public void Serialize(T value, IBufferWriter<byte> writer)
        {
            _threads.Enqueue(Thread.CurrentThread.Name ?? "(unnamed)");
            inner.Serialize(value, writer);
        }

        public T Deserialize(ReadOnlySpan<byte> bytes) => inner.Deserialize(bytes);
    }
}

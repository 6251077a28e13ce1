using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Outputs;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Output;

/// <summary>Sink partitions that implement <see cref="IEpochAwareSinkPartition"/> hear of each epoch they close and of commits: after the store has them, in order, on their own thread, and never of an epoch that did not commit.</summary>
/// <remarks>Each item is its own epoch (batches of one, epoch interval zero), so most epochs close with writes and commits follow closely.</remarks>
public sealed class EpochAwareSinkTests
{
    private static readonly string[] _parts = ["p0", "p1", "p2"];

    /// <summary>One process with one and two workers, and a TestCluster of 2 silos × 2 workers (Orleans).</summary>
    public static TheoryData<int, int> Topologies => new() { { 1, 1 }, { 1, 2 }, { 2, 2 } };

    [Theory]
    [MemberData(nameof(Topologies))]
    public void EpochCommitted_WithStore_ComesAfterTheCommitIsDurableInOrderOnThePartitionsThread(int silos, int workers)
    {
        var store = new InMemoryRecoveryStore();
        var sink = new RecordingEpochSink(() => store.CommittedEpoch);

        var result = new Topology(silos, workers).Run(Flow(Numbers(60), sink), new ExecutionOptions { EpochInterval = TimeSpan.Zero, Recovery = store });

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal(Numbers(60).Sum(), sink.Written);
        foreach (var part in _parts)
        {
            var events = sink.EventsOf(part);
            Assert.Single(events.Select(e => e.Thread).Distinct());
            var closed = events.Where(e => e.Kind == EventKind.Closed).Select(e => e.Epoch).ToList();
            var committed = events.Where(e => e.Kind == EventKind.Committed).ToList();
            Assert.NotEmpty(closed);
            AssertIncreasing(closed);
            AssertIncreasing(committed.ConvertAll(e => e.Epoch));
            Assert.All(committed, e => Assert.True(e.Epoch <= e.StoreCommitted, $"{part} heard of epoch {e.Epoch} committed while the store had {e.StoreCommitted}"));
            AssertNoCloseAfterItsCommit(part, events);

            // Every close is followed by its snapshot, and the last close is committed before the partition is disposed.
            for (var i = 0; i < events.Count; i++)
            {
                if (events[i].Kind == EventKind.Closed)
                {
                    Assert.Equal(EventKind.Snapshot, events[i + 1].Kind);
                }
            }

            Assert.Equal(EventKind.Disposed, events[^1].Kind);
            Assert.True(committed[^1].Epoch >= closed[^1], $"{part} was disposed before its last epoch ({closed[^1]}) was reported committed");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void EpochCommitted_WithoutStore_FollowsEachCloseWithoutSnapshots(int workers)
    {
        var sink = new RecordingEpochSink(() => -1);

        var result = DataflowExecution.Run(Flow(Numbers(40), sink), new ExecutionOptions { EpochInterval = TimeSpan.Zero, WorkerCount = workers });

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal(Numbers(40).Sum(), sink.Written);
        foreach (var part in _parts)
        {
            var events = sink.EventsOf(part);
            Assert.DoesNotContain(events, e => e.Kind == EventKind.Snapshot);
            var closed = events.Where(e => e.Kind == EventKind.Closed).Select(e => e.Epoch).ToList();
            var committed = events.Where(e => e.Kind == EventKind.Committed).ToList();
            AssertIncreasing(committed.ConvertAll(e => e.Epoch));
            AssertNoCloseAfterItsCommit(part, events);
            Assert.True(committed[^1].Epoch >= closed[^1], $"{part} was disposed before its last epoch ({closed[^1]}) was reported committed");
        }
    }

    [Fact]
    public void EpochCommitted_StoreRefusesACommit_NeverCalledForThatEpochOrLater()
    {
        var store = new RefusingStore(refuseFromEpoch: 4);
        var sink = new RecordingEpochSink(() => store.Inner.CommittedEpoch);

        var error = Assert.ThrowsAny<Exception>(() => DataflowExecution.Run(Flow(Numbers(60), sink), new ExecutionOptions { EpochInterval = TimeSpan.Zero, Recovery = store }));

        Assert.Contains(RefusingStore.Refusal, error.ToString(), StringComparison.Ordinal);
        var refused = store.Refused!.Value;
        var events = _parts.SelectMany(sink.EventsOf).ToList();
        Assert.Contains(events, e => e.Kind == EventKind.Closed);
        Assert.All(events.Where(e => e.Kind == EventKind.Committed), e => Assert.True(e.Epoch < refused, $"epoch {e.Epoch} was reported committed, but the store refused {refused}"));
    }

    private static void AssertNoCloseAfterItsCommit(string part, List<Event> events)
    {
        var committed = long.MinValue;
        foreach (var e in events)
        {
            if (e.Kind == EventKind.Committed)
            {
                committed = e.Epoch;
            }
            else if (e.Kind == EventKind.Closed)
            {
                Assert.True(e.Epoch > committed, $"{part} closed epoch {e.Epoch} after hearing that epoch {committed} was committed");
            }
        }
    }

    private static void AssertIncreasing(List<long> epochs)
    {
        for (var i = 1; i < epochs.Count; i++)
        {
            Assert.True(epochs[i] > epochs[i - 1], $"epoch {epochs[i]} came after {epochs[i - 1]}");
        }
    }

    private static List<long> Numbers(int count) => Enumerable.Range(1, count).Select(i => (long)i).ToList();

    private static Dataflow Flow(List<long> items, RecordingEpochSink sink)
    {
        var flow = new Dataflow("epoch_aware");
        flow.Input("inp", new TestingSource<long>(items))
            .KeyOn("key", i => (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Output("out", sink);
        return flow;
    }

    private enum EventKind
    {
        Closed,
        Snapshot,
        Committed,
        Disposed,
    }

    /// <param name="Kind">What the engine called.</param>
    /// <param name="Epoch">The epoch it named; 0 for a snapshot or dispose.</param>
    /// <param name="Thread">The managed thread it called on.</param>
    /// <param name="StoreCommitted">The store's committed epoch at the call.</param>
    private sealed record Event(EventKind Kind, long Epoch, int Thread, long StoreCommitted);

    /// <summary>A partitioned sink of three epoch-aware partitions that record every engine call with its thread and the store's commit at the time.</summary>
    private sealed class RecordingEpochSink(Func<long> storeCommitted) : FixedPartitionedSink<long, long>
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, List<Event>> _events = [];
        private long _written;

        private long StoreCommitted => storeCommitted();

        public long Written => Interlocked.Read(ref _written);

        public List<Event> EventsOf(string part)
        {
            lock (_gate)
            {
                return _events.TryGetValue(part, out var events) ? [.. events] : [];
            }
        }

        public override IReadOnlyList<string> ListParts() => _parts;

        public override StatefulSinkPartition<long, long> BuildPart(string stepId, string forPart, long resumeState) => new Partition(this, forPart, resumeState);

        private void Record(string part, Event e)
        {
            lock (_gate)
            {
                if (!_events.TryGetValue(part, out var events))
                {
                    _events[part] = events = [];
                }

                events.Add(e);
            }
        }

        private sealed class Partition(RecordingEpochSink sink, string name, long sum) : StatefulSinkPartition<long, long>, IEpochAwareSinkPartition
        {
            public override void WriteBatch(IReadOnlyList<long> values)
            {
                foreach (var value in values)
                {
                    sum += value;
                    Interlocked.Add(ref sink._written, value);
                }
            }

            public override long Snapshot()
            {
                Record(EventKind.Snapshot, 0);
                return sum;
            }

            public void EpochClosed(long epoch) => Record(EventKind.Closed, epoch);

            public void EpochCommitted(long epoch) => Record(EventKind.Committed, epoch);

            protected override void Dispose(bool disposing) => Record(EventKind.Disposed, 0);

            private void Record(EventKind kind, long epoch) => sink.Record(name, new Event(kind, epoch, Environment.CurrentManagedThreadId, sink.StoreCommitted));
        }
    }

    /// <summary>An in-memory store that fails every commit of epoch <c>refuseFromEpoch</c> or later.</summary>
    /// <remarks>Refusing by epoch, not by the count of commits, because the engine may commit several closed epochs at once: the last epoch of the flow always reaches the store, so a refusal always happens (on a loaded machine it may be the first commit the store sees, after the last close).</remarks>
    private sealed class RefusingStore(long refuseFromEpoch) : IRecoveryStore
    {
        public const string Refusal = "the store refuses this commit";
        public InMemoryRecoveryStore Inner { get; } = new();

        /// <summary>The first epoch whose commit was refused.</summary>
        public long? Refused { get; private set; }

        public ResumePoint BeginExecution(int workerCount, SnapshotFilter? restore = null) => Inner.BeginExecution(workerCount, restore);

        public ResumePoint ReadResume(long epoch, SnapshotFilter? restore = null) => Inner.ReadResume(epoch, restore);

        public void Write(string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots) => Inner.Write(stepId, workerIndex, epoch, snapshots);

        public void Write(long execution, string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots) => Inner.Write(execution, stepId, workerIndex, epoch, snapshots);

        public void RecordProgress(int workerIndex, long epoch) => Inner.RecordProgress(workerIndex, epoch);

        public void RecordProgress(long execution, int workerIndex, long epoch) => Inner.RecordProgress(execution, workerIndex, epoch);

        public void Commit(long epoch)
        {
            RefuseFromTheEpoch(epoch);
            Inner.Commit(epoch);
        }

        public void Commit(long execution, long epoch)
        {
            RefuseFromTheEpoch(epoch);
            Inner.Commit(execution, epoch);
        }

        private void RefuseFromTheEpoch(long epoch)
        {
            if (epoch >= refuseFromEpoch)
            {
                Refused ??= epoch;
                throw new InvalidOperationException(Refusal);
            }
        }
    }
}

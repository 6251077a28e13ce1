using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Recovery;

/// <summary>A store that does not answer delays commits, not records: snapshot writes wait off the worker's thread.</summary>
public sealed class SlowStoreTests
{
    [Fact]
    public void Run_StoreWritesHeldUntilTheLastRecordIsOut_EveryRecordReachesTheSinkBeforeAnyCommit()
    {
        var items = Enumerable.Range(1, 10).Select(i => (long)i).ToList();
        using var store = new HeldStore();
        long? committedAtLastRecord = null;
        var harness = new FlowHarness();
        var sink = harness.Sink<long>(sum =>
        {
            if (sum == items.Sum())
            {
                committedAtLastRecord = store.Inner.CommittedEpoch;
                store.Release();
            }
        });

        // Two batches, each its own epoch: writes of at most three epochs wait, under the handoff's bound of four.
        harness.Input("inp", items, batchSize: 5)
            .KeyOn("key", _ => "k")
            .StatefulMap<long, long, long>("sum", (sum, value) => (sum + value, sum + value))
            .Map("value", kv => kv.Value)
            .Output("out", sink);
        harness.Run(epochInterval: TimeSpan.Zero, snapshots: store);

        Assert.Equal(0, committedAtLastRecord);
        Assert.Equal(items.Count, sink.Count);
        Assert.True(store.Inner.CommittedEpoch > 0, "the run ended without committing the epochs it wrote");
    }

    /// <summary>An in-memory store whose snapshot writes wait until released.</summary>
    private sealed class HeldStore : IRecoveryStore, IDisposable
    {
        private readonly ManualResetEventSlim _released = new();

        public InMemoryRecoveryStore Inner { get; } = new();

        public void Release() => _released.Set();

        public ResumePoint BeginExecution(int workerCount, SnapshotFilter? restore = null) => Inner.BeginExecution(workerCount, restore);

        public ResumePoint ReadResume(long epoch, SnapshotFilter? restore = null) => Inner.ReadResume(epoch, restore);

        public void Write(string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
        {
            _released.Wait();
            Inner.Write(stepId, workerIndex, epoch, snapshots);
        }

        public void Write(long execution, string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
        {
            _released.Wait();
            Inner.Write(execution, stepId, workerIndex, epoch, snapshots);
        }

        public void RecordProgress(int workerIndex, long epoch) => Inner.RecordProgress(workerIndex, epoch);

        public void RecordProgress(long execution, int workerIndex, long epoch) => Inner.RecordProgress(execution, workerIndex, epoch);

        public void Commit(long epoch) => Inner.Commit(epoch);

        public void Commit(long execution, long epoch) => Inner.Commit(execution, epoch);

        public void Dispose() => _released.Dispose();
    }
}

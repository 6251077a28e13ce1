using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Grains.Tests.Recovery;

/// <summary>The snapshot handoff: writes leave the worker's thread in order, at most its capacity of epochs queued, failures come back to the worker.</summary>
public sealed class SnapshotHandoffTests
{
    private static readonly StateSnapshot[] _one = [new("k", [1])];

    [Fact]
    public void TryWrite_StoreBlockedWithCapacityEpochsQueued_RefusesAnotherEpochButTakesMoreOfTheLast()
    {
        using var store = new GatedStore();
        var handoff = new SnapshotHandoff(store, capacity: 2);
        handoff.Start("test snapshots", () => { });

        handoff.Write("s", 0, 1, _one);
        handoff.Write("s", 0, 2, _one);

        Assert.False(handoff.TryWrite("s", 0, 3, _one));
        Assert.True(handoff.TryWrite("t", 0, 2, _one));
        Assert.Equal(2, handoff.EpochsQueued);
        Assert.Equal(3, handoff.HandedOver);

        store.Open();
        handoff.Drain();
        Assert.True(handoff.TryWrite("s", 0, 3, _one));
        handoff.Drain();
        handoff.Stop();

        Assert.Equal([("s", 1L), ("s", 2L), ("t", 2L), ("s", 3L)], store.Writes);
        Assert.Equal(4, handoff.Written);
    }

    [Fact]
    public void Write_ListReusedAfterTheCall_StoreGetsWhatItHeldThen()
    {
        using var store = new GatedStore();
        store.Open();
        var handoff = new SnapshotHandoff(store);
        handoff.Start("test snapshots", () => { });
        var reused = new List<StateSnapshot> { new("a", [1]) };

        handoff.Write("s", 0, 1, reused);
        reused.Clear();
        reused.Add(new StateSnapshot("b", [2]));
        handoff.Drain();
        handoff.Stop();

        Assert.Equal("a", Assert.Single(store.Snapshots[0]).Key);
    }

    [Fact]
    public void Drain_StoreFails_ThrowsTheStoresExceptionAndRefusesLaterWrites()
    {
        using var store = new GatedStore { Failure = new IOException("disk full") };
        store.Open();
        var woken = 0;
        var handoff = new SnapshotHandoff(store);
        handoff.Start("test snapshots", () => Interlocked.Increment(ref woken));

        handoff.Write("s", 0, 1, _one);

        Assert.Equal("disk full", Assert.Throws<IOException>(handoff.Drain).Message);
        Assert.True(handoff.Failed);
        // The writing thread wakes the worker after it has recorded the failure, which Drain may see first.
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref woken) > 0, TimeSpan.FromSeconds(30)), "the worker was never woken");
        Assert.Throws<IOException>(() => handoff.Write("s", 0, 2, _one));
        handoff.Stop();
    }

    [Fact]
    public void WriteDeferred_SerializesOnTheHandoffsThreadInOrderWithOtherWrites()
    {
        using var store = new GatedStore();
        var handoff = new SnapshotHandoff(store);
        handoff.Start("test snapshots", () => { });
        string? serializedOn = null;

        handoff.Write("s", 0, 1, _one);
        handoff.WriteDeferred("t", 0, 1, () =>
        {
            serializedOn = Thread.CurrentThread.Name;
            return [new StateSnapshot("deferred", [2])];
        });
        handoff.Write("s", 0, 2, _one);
        store.Open();
        handoff.Drain();
        handoff.Stop();

        Assert.Equal("test snapshots", serializedOn);
        Assert.Equal([("s", 1L), ("t", 1L), ("s", 2L)], store.Writes);
        Assert.Equal("deferred", Assert.Single(store.Snapshots[1]).Key);
    }

    [Fact]
    public void WriteDeferred_SerializationThrows_WorkerGetsItsExceptionAndNothingAfterIsWritten()
    {
        using var store = new GatedStore();
        store.Open();
        var handoff = new SnapshotHandoff(store);
        handoff.Start("test snapshots", () => { });

        handoff.WriteDeferred("t", 0, 1, () => throw new InvalidOperationException("cannot serialize key k"));

        Assert.Equal("cannot serialize key k", Assert.Throws<InvalidOperationException>(handoff.Drain).Message);
        Assert.Throws<InvalidOperationException>(() => handoff.Write("s", 0, 2, _one));
        handoff.Stop();
        Assert.Empty(store.Writes);
    }

    /// <summary>A snapshot sink that holds every write until opened, then records it (or fails it).</summary>
    private sealed class GatedStore : ISnapshotSink, IDisposable
    {
        private readonly ManualResetEventSlim _open = new();

        public Exception? Failure { get; init; }

        public List<(string Step, long Epoch)> Writes { get; } = [];

        public List<StateSnapshot[]> Snapshots { get; } = [];

        public void Open() => _open.Set();

        public void Write(string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
        {
            _open.Wait();
            if (Failure is not null)
            {
                throw Failure;
            }

            lock (Writes)
            {
                Writes.Add((stepId, epoch));
                Snapshots.Add([.. snapshots]);
            }
        }

        public void Dispose() => _open.Dispose();
    }
}

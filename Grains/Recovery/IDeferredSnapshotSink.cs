namespace Orleans.Dataflow.Grains.Recovery;

/// <summary>A snapshot sink that can also take an epoch's snapshots unserialized and serialize them on its own thread, before writing them in order with the rest.</summary>
internal interface IDeferredSnapshotSink : ISnapshotSink
{
    /// <summary>Stores what <paramref name="serialize"/> makes of the snapshots <paramref name="workerIndex"/> took when <paramref name="stepId"/> closed <paramref name="epoch"/>; it runs once, off the caller's thread, and what it throws fails the writes as a store's failure does.</summary>
    void WriteDeferred(string stepId, int workerIndex, long epoch, Func<IReadOnlyList<StateSnapshot>> serialize);
}

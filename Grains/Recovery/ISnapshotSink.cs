namespace Orleans.Dataflow.Grains.Recovery;

/// <summary>Receives, at each epoch close, the state that changed in the epoch: keys of stateful steps and source and sink partitions.</summary>
/// <remarks>Called from worker threads, concurrently for different workers; implementations must be thread-safe. The list passed to <see cref="Write"/> is reused once the call returns: keep what it holds, not the list.</remarks>
public interface ISnapshotSink
{
    /// <summary>Stores the snapshots that <paramref name="workerIndex"/> took when <paramref name="stepId"/> closed <paramref name="epoch"/>.</summary>
    void Write(string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots);
}

namespace Orleans.Dataflow.Outputs;

/// <summary>Implemented by a <see cref="StatefulSinkPartition{TValue,TState}"/> that must know when the epochs it wrote in close and when the recovery store has committed them, to make its output visible only then (a Kafka transaction per epoch, say).</summary>
/// <remarks>
/// Optional: the engine calls these members only on partitions that implement it, always on the partition's worker
/// thread, between <see cref="StatefulSinkPartition{TValue,TState}.WriteBatch"/> calls.
/// </remarks>
public interface IEpochAwareSinkPartition
{
    /// <summary>Every value of <paramref name="epoch"/> routed to this partition has been written: the epoch closes here.</summary>
    /// <remarks>
    /// Called once per epoch in which the partition was written, in epoch order, right before
    /// <see cref="StatefulSinkPartition{TValue,TState}.Snapshot"/> (with a recovery store), so the snapshot it returns
    /// is the state as of the end of <paramref name="epoch"/>. Values written after it belong to later epochs.
    /// </remarks>
    void EpochClosed(long epoch);

    /// <summary>Every epoch up to and including <paramref name="epoch"/> is committed: with a recovery store, its snapshots are durable and a resumed flow starts after it.</summary>
    /// <remarks>
    /// Called with increasing epochs, after the commit is durable, never for an epoch that did not commit (a flow that
    /// fails or is aborted stops calling it). The store may commit several epochs at once, so not every closed epoch
    /// gets a call of its own, and <paramref name="epoch"/> may be later than the last epoch this partition was written in
    /// (never before its <see cref="EpochClosed"/>). Without a
    /// recovery store an epoch counts as committed as soon as this worker has closed it. When the flow ends, the worker
    /// waits for the commit of the last epoch it closed before it disposes the partition, unless the flow fails.
    /// Throwing fails the flow.
    /// </remarks>
    void EpochCommitted(long epoch);
}

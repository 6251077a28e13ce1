namespace Orleans.Dataflow.Grains.Recovery;

/// <summary>The snapshot sink of one execution: its writes go to the store fenced by the execution's number.</summary>
internal sealed class ExecutionSnapshotSink(IRecoveryStore store, long execution) : ISnapshotSink
{
    public void Write(string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
        => store.Write(execution, stepId, workerIndex, epoch, snapshots);
}

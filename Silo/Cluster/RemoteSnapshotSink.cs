using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Silo.Cluster;

/// <summary>Sends this process's snapshots to process 0, which writes them to the recovery store; used by every other process of a cluster.</summary>
/// <remarks>A snapshot frame leaves before the coordination event saying its worker closed the epoch, on the same connection, so process 0 never commits an epoch whose snapshots it has not written.</remarks>
internal sealed class RemoteSnapshotSink(PeerConnection toProcessZero) : ISnapshotSink
{
    public void Write(string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
        => toProcessZero.Send(FrameType.Snapshots, (stepId, workerIndex, epoch, snapshots), static (writer, state) =>
        {
            writer.String(state.stepId);
            writer.Int32(state.workerIndex);
            writer.Int64(state.epoch);
            writer.Int32(state.snapshots.Count);
            foreach (var snapshot in state.snapshots)
            {
                writer.String(snapshot.Key);
                writer.NullableBytes(snapshot.State);
            }
        });
}

using System.Collections.Concurrent;
using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>Records every snapshot write of a run, in the order they happened.</summary>
internal sealed class RecordingSnapshotSink : ISnapshotSink
{
    private readonly ConcurrentQueue<SnapshotWrite> _writes = new();

    public void Write(string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
        => _writes.Enqueue(new SnapshotWrite(stepId, workerIndex, epoch, [.. snapshots]));

    /// <summary>The writes of <paramref name="stepId"/>, in the order they happened.</summary>
    public List<SnapshotWrite> Of(string stepId) => _writes.Where(w => w.StepId == stepId).ToList();
}

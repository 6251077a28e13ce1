using System.Collections.Concurrent;
using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>A recovery store that records every snapshot write of a run, in the order they happened, and every commit; it resumes nothing.</summary>
internal sealed class RecordingSnapshotSink : IRecoveryStore
{
    private readonly ConcurrentQueue<SnapshotWrite> _writes = new();
    private readonly ConcurrentQueue<long> _commits = new();

    /// <summary>The epochs committed, in order.</summary>
    public IReadOnlyList<long> Commits => [.. _commits];

    public ResumePoint BeginExecution(int workerCount, SnapshotFilter? restore = null) => ResumePoint.Fresh;

    public ResumePoint ReadResume(long epoch, SnapshotFilter? restore = null) => ResumePoint.Fresh;

    public void RecordProgress(int workerIndex, long epoch)
    {
    }

    public void RecordProgress(long execution, int workerIndex, long epoch)
    {
    }

    public void Commit(long epoch) => _commits.Enqueue(epoch);

    public void Commit(long execution, long epoch) => Commit(epoch);

    public void Write(string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
        => _writes.Enqueue(new SnapshotWrite(stepId, workerIndex, epoch, [.. snapshots]));

    public void Write(long execution, string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
        => Write(stepId, workerIndex, epoch, snapshots);

    /// <summary>The writes of <paramref name="stepId"/>, in the order they happened.</summary>
    public List<SnapshotWrite> Of(string stepId) => _writes.Where(w => w.StepId == stepId).ToList();
}

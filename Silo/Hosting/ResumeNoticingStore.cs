using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Silo.Hosting;

/// <summary>A recovery store that says, when an execution begins on it, whether the execution resumes and from which epoch; every call goes to the store it wraps.</summary>
/// <remarks>
/// The engine begins an execution on the store of the process that runs the execution's frontier, once at start and
/// again after every lost silo, so each attempt is told. Disposing stays with the owner of the wrapped store.
/// </remarks>
internal sealed class ResumeNoticingStore(IRecoveryStore store, string description, Action<string> notice) : IRecoveryStore
{
    /// <summary>What the last execution begun on this store in this process resumed from; null before one began here.</summary>
    public ResumePoint? LastResume { get; private set; }

    /// <summary>Says that the input was at its end already when <paramref name="result"/> is a completed run that resumed here and read nothing.</summary>
    public void NoticeEnd(ExecutionResult result)
    {
        if (LastResume is { IsResume: true } resume && result is { Outcome: ExecutionOutcome.Completed, Progress.RecordsIn: 0 })
        {
            notice($"input already at its end: nothing new since epoch {resume.Epoch - 1}");
        }
    }

    /// <inheritdoc/>
    public ResumePoint BeginExecution(int workerCount, SnapshotFilter? restore = null)
    {
        var resume = store.BeginExecution(workerCount, restore);
        LastResume = resume;
        notice(resume.IsResume
            ? $"resumed from epoch {resume.Epoch} (store {description}: epochs up to {resume.Epoch - 1} committed)"
            : $"starting from the beginning (store {description} holds no commit yet)");
        return resume;
    }

    /// <inheritdoc/>
    public ResumePoint ReadResume(long epoch, SnapshotFilter? restore = null) => store.ReadResume(epoch, restore);

    /// <inheritdoc/>
    public void Write(string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots) => store.Write(stepId, workerIndex, epoch, snapshots);

    /// <inheritdoc/>
    public void Write(long execution, string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots) => store.Write(execution, stepId, workerIndex, epoch, snapshots);

    /// <inheritdoc/>
    public ISnapshotSink SinkFor(long execution) => store.SinkFor(execution);

    /// <inheritdoc/>
    public void RecordProgress(int workerIndex, long epoch) => store.RecordProgress(workerIndex, epoch);

    /// <inheritdoc/>
    public void RecordProgress(long execution, int workerIndex, long epoch) => store.RecordProgress(execution, workerIndex, epoch);

    /// <inheritdoc/>
    public void Commit(long epoch) => store.Commit(epoch);

    /// <inheritdoc/>
    public void Commit(long execution, long epoch) => store.Commit(execution, epoch);
}

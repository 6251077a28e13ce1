namespace Orleans.Dataflow.Grains.Recovery;

/// <summary>Where an execution keeps its snapshots and progress, and what a restarted execution resumes from.</summary>
/// <remarks>
/// The engine calls <see cref="BeginExecution"/> once before any worker starts, then, from other threads,
/// <see cref="Write(long, string, int, long, IReadOnlyList{StateSnapshot})"/> as each operator closes an epoch,
/// <see cref="RecordProgress(long, int, long)"/> as each worker closes one, and <see cref="Commit(long, long)"/> once
/// every worker has closed one. A store must be thread-safe, and a
/// failure of any call (disk full, a lost connection) stops the run: the last committed epoch stays what a restart
/// resumes after. Each execution has a number (<see cref="ResumePoint.Execution"/>), and the engine makes every call
/// of an execution with it: the snapshots, progress and commits of an execution that a newer one has replaced are
/// refused with <see cref="SupersededExecutionException"/>, so an abandoned attempt's late coordinator or partition
/// never changes what the newer execution resumed from. The overloads without a number act as the execution this
/// instance began last.
/// </remarks>
public interface IRecoveryStore : ISnapshotSink
{
    /// <summary>Begins an execution of <paramref name="workerCount"/> workers and returns what it resumes from.</summary>
    /// <remarks>
    /// The resume epoch is one after the last committed epoch (the first epoch when nothing was committed).
    /// Snapshots of that epoch or later come from epochs that never committed and are dropped before anything runs.
    /// </remarks>
    /// <param name="workerCount">The execution's workers (partitions).</param>
    /// <param name="restore">Which snapshots the resume point holds; null: all. The frontier of a cluster execution asks for none.</param>
    ResumePoint BeginExecution(int workerCount, SnapshotFilter? restore = null);

    /// <summary>Reads what an execution that begins at <paramref name="epoch"/> resumes from: the newest snapshot before it of every live key, source partition and sink partition.</summary>
    /// <remarks>
    /// Only reads: each partition of a cluster execution restores itself with it, on the silo it runs on, after the
    /// frontier has begun the execution with <see cref="BeginExecution"/>. Snapshots of <paramref name="epoch"/> or
    /// later, which the execution's partitions may be writing already, are not read.
    /// </remarks>
    /// <param name="epoch">The first epoch of the execution.</param>
    /// <param name="restore">Which snapshots to read; null: all. A partition reads the keys it owns and the source and sink partitions.</param>
    ResumePoint ReadResume(long epoch, SnapshotFilter? restore = null);

    /// <summary>Stores, as <see cref="ISnapshotSink.Write"/> does, the snapshots of execution <paramref name="execution"/> (a <see cref="ResumePoint.Execution"/>); refused once a newer execution has begun.</summary>
    /// <remarks>
    /// The check and the write are atomic with respect to <see cref="BeginExecution"/>: a write either lands before the
    /// newer execution begins (which drops it with the rest of the uncommitted epochs) or is refused.
    /// <see cref="ISnapshotSink.Write"/> writes as the execution this instance began last.
    /// </remarks>
    /// <exception cref="SupersededExecutionException">A newer execution has begun.</exception>
    void Write(long execution, string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots);

    /// <summary>The sink through which execution <paramref name="execution"/> writes its snapshots, fenced as <see cref="Write(long, string, int, long, IReadOnlyList{StateSnapshot})"/> is.</summary>
    ISnapshotSink SinkFor(long execution) => new ExecutionSnapshotSink(this, execution);

    /// <summary>Records, as <see cref="RecordProgress(long, int, long)"/> does, the progress of worker <paramref name="workerIndex"/> of the execution this instance began last.</summary>
    void RecordProgress(int workerIndex, long epoch);

    /// <summary>Records that worker <paramref name="workerIndex"/> of execution <paramref name="execution"/> (a <see cref="ResumePoint.Execution"/>) has closed every epoch up to <paramref name="epoch"/>; refused once a newer execution has begun.</summary>
    /// <remarks>The check and the record are atomic with respect to <see cref="BeginExecution"/>, as a fenced write's are.</remarks>
    /// <exception cref="SupersededExecutionException">A newer execution has begun; nothing was recorded.</exception>
    void RecordProgress(long execution, int workerIndex, long epoch);

    /// <summary>Commits <paramref name="epoch"/>, as <see cref="Commit(long, long)"/> does, as the execution this instance began last.</summary>
    void Commit(long epoch);

    /// <summary>Makes <paramref name="epoch"/> the last committed epoch of execution <paramref name="execution"/> (a <see cref="ResumePoint.Execution"/>): every worker has closed it, so every snapshot up to it is written; refused once a newer execution has begun.</summary>
    /// <remarks>
    /// The check and the commit are atomic with respect to <see cref="BeginExecution"/>: a commit either lands before
    /// the newer execution begins or is refused, and a refused commit collects nothing.
    /// An epoch at or before the last committed one changes nothing, but is refused all the same once the execution
    /// is replaced. Snapshots no restart can need any more (superseded, and older than the backup interval keeps) may
    /// be collected now.
    /// </remarks>
    /// <exception cref="SupersededExecutionException">A newer execution has begun; nothing was committed.</exception>
    void Commit(long execution, long epoch);
}

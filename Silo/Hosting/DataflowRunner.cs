using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Silo.Hosting;

/// <summary>Runs a flow in this process with silo options: Bytewax's <c>run_main</c>, for tests and for the <c>run</c> command.</summary>
public static class DataflowRunner
{
    /// <summary>Runs <paramref name="flow"/> on <see cref="RunOptions.WorkerCount"/> worker threads until its inputs end, a source aborts, or <paramref name="stop"/> is cancelled.</summary>
    /// <remarks>
    /// Blocks the caller; every worker thread has ended when this returns or throws. Cancelling
    /// <paramref name="stop"/> is a graceful stop: the workers close the current epoch (so sinks have written and
    /// state is snapshotted up to it), then the call returns with <see cref="ExecutionOutcome.Stopped"/>; no EOF is
    /// processed. Items are not replayed across calls unless the sources resume them.
    /// </remarks>
    /// <returns>How the run ended and the last epoch every worker closed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count or interval in <paramref name="options"/> is out of range.</exception>
    /// <exception cref="NotSupportedException"><see cref="RunOptions.RecoveryDirectory"/> is set; there is no recovery store yet.</exception>
    /// <exception cref="InvalidDataflowException">The flow is not valid (no input, no output); nothing ran.</exception>
    /// <exception cref="DataflowException">User code threw; it names the flow, step, worker and item, and holds the user's exception as its inner exception.</exception>
    public static ExecutionResult RunMain(Dataflow flow, RunOptions? options = null, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        options ??= new RunOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WorkerCount, 1, nameof(options.WorkerCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SnapshotInterval, TimeSpan.Zero, nameof(options.SnapshotInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BackupInterval, TimeSpan.Zero, nameof(options.BackupInterval));
        if (options.RecoveryDirectory is not null)
        {
            throw new NotSupportedException($"recovery is not available yet: there is no recovery store for directory '{options.RecoveryDirectory}'");
        }

        var execution = new ExecutionOptions
        {
            WorkerCount = options.WorkerCount,
            EpochInterval = options.SnapshotInterval,
        };
        return DataflowExecution.Run(flow, execution, stop);
    }
}

namespace Orleans.Dataflow.Grains.Execution;

/// <summary>What a worker reports to the execution's frontier and the decisions it reads back: failure, abort, graceful stop and closed epochs.</summary>
/// <remarks>
/// In one process the <see cref="ExecutionCoordinator"/> is both ends. On a cluster a partition grain's
/// <c>PartitionControl</c> forwards reports to the frontier grain and holds the decisions it pushes back. Every
/// member is called from the worker's thread; the wake-up may be invoked from any thread.
/// </remarks>
internal interface IWorkerControl
{
    /// <summary>Whether workers must leave their loops at once (failure or abort).</summary>
    bool MustExit { get; }

    /// <summary>Whether a graceful stop was asked for.</summary>
    bool IsStopRequested { get; }

    /// <summary>The epoch every worker closes before a graceful stop, once the frontier has fixed it.</summary>
    long? StopEpoch { get; }

    /// <summary>The last epoch the recovery store has committed for this execution; 0 before its first commit and without a store.</summary>
    /// <remarks>A change wakes the workers.</remarks>
    long Committed { get; }

    /// <summary>Registers what wakes <paramref name="worker"/> when a decision changes.</summary>
    void SetWake(int worker, Action wake);

    /// <summary>Reports a failure: every worker exits, and the run ends with the first failure.</summary>
    void Fail(Exception error);

    /// <summary>Reports that a source aborted the execution: every worker exits at once without EOF.</summary>
    void Abort();

    /// <summary>Reports the epoch <paramref name="worker"/> was in when it stopped cutting during a graceful stop.</summary>
    void PublishStopEpoch(int worker, long epoch);

    /// <summary>Reports that <paramref name="worker"/> has left its loop.</summary>
    void Retire(int worker);

    /// <summary>Reports that <paramref name="worker"/> has closed every epoch up to <paramref name="epoch"/>; <paramref name="lastEpoch"/> is the last it read input in.</summary>
    void ReportClosed(int worker, long epoch, long lastEpoch);
}

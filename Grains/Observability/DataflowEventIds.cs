namespace Orleans.Dataflow.Grains.Observability;

/// <summary>The event ids of every log event of the runtime, in one place: stable from version to version, so that a log query or an alert may select them.</summary>
/// <remarks>
/// Ranges: 1000s a flow's life (its flow grain), 1100s an execution's attempts and silos (its frontier), 1200s epochs,
/// 2000s records, 3000s storage. Logger categories are the logging classes' full names, under <c>Orleans.Dataflow</c>;
/// a step's records log under <c>Orleans.Dataflow.Records</c>. An id is never reused for another event.
/// </remarks>
public static class DataflowEventIds
{
    /// <summary>Information: a client submitted a flow to the service.</summary>
    public const int FlowSubmitted = 1001;

    /// <summary>Information: a flow was deployed and its execution's frontier starts (a run, a submitted flow, a resume or restart).</summary>
    public const int FlowStarted = 1002;

    /// <summary>Information: a stop of a flow was asked for; it stops after an epoch every partition closes.</summary>
    public const int FlowStopRequested = 1003;

    /// <summary>Information: a flow's execution ended without failing (completed, or stopped).</summary>
    public const int FlowEnded = 1004;

    /// <summary>Error: a flow's execution failed; <see cref="FlowRestarting"/> follows when it restarts by itself.</summary>
    public const int FlowFailed = 1005;

    /// <summary>Warning: a flow that failed starts again from its last committed epoch, after a backoff.</summary>
    public const int FlowRestarting = 1006;

    /// <summary>Error: a flow could not be started again after a failure.</summary>
    public const int FlowRestartFailed = 1007;

    /// <summary>Warning: a flow's frontier was lost with its silo and started again; it resumes from the recovery store.</summary>
    public const int FrontierRestarted = 1008;

    /// <summary>Information: a silo that started deployed a submitted flow again, which is restored from its last committed epoch.</summary>
    public const int FlowRestored = 1009;

    /// <summary>Error: a submitted flow could not be restored when its silo started.</summary>
    public const int FlowRestoreFailed = 1010;

    /// <summary>Error: the registry of submitted flows could not be read, so none was restored.</summary>
    public const int RegistryUnreadable = 1011;

    /// <summary>Information: an execution begins an attempt: its partitions start at an epoch.</summary>
    public const int ExecutionStarted = 1101;

    /// <summary>Warning: an attempt lost a silo; the execution resumes from its last committed epoch on the silos that remain.</summary>
    public const int ExecutionLost = 1102;

    /// <summary>Warning: a silo an execution ran on is out of the cluster (stopped, or declared dead).</summary>
    public const int SiloLost = 1103;

    /// <summary>Information: a silo is stopping; its partitions are handed over after the current epoch.</summary>
    public const int SiloHandingOver = 1104;

    /// <summary>Information: every silo is stopping; the execution resumes when the cluster starts again.</summary>
    public const int ClusterStopping = 1105;

    /// <summary>Information: a partition runs on another silo than in the attempt before.</summary>
    public const int PartitionMoved = 1106;

    /// <summary>Warning: an execution has closed no epoch for a while (<see cref="Execution.ExecutionOptions.StallWarningAfter"/>); it says where each partition is.</summary>
    public const int ExecutionStalled = 1107;

    /// <summary>Warning: a partition could not reach its frontier (its silo is gone, say) and left; the frontier, or its next activation, carries on without it.</summary>
    public const int PartitionLeftUnheard = 1108;

    /// <summary>Debug: the recovery store committed an epoch of a flow.</summary>
    public const int EpochCommitted = 1201;

    /// <summary>Warning: a step passed over a record under its error policy (the first ten per step and worker, then every thousandth).</summary>
    public const int RecordPassedOver = 2001;

    /// <summary>Information: a silo opened the recovery store of an execution it takes part in.</summary>
    public const int RecoveryStoreOpened = 3001;

    /// <summary>Information: a SQLite grain storage opened its file.</summary>
    public const int GrainStorageOpened = 3002;
}

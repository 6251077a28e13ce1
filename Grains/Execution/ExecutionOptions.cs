namespace Orleans.Dataflow.Grains.Execution;

/// <summary>How an execution runs a flow: workers, epoch length, batch sizes and the hooks tests and hosts plug in.</summary>
public sealed record ExecutionOptions
{
    /// <summary>Worker threads in this process (Bytewax's workers per process). Default 1.</summary>
    public int WorkerCount { get; init; } = 1;

    /// <summary>How often sources cut an epoch, i.e. how often state is snapshotted (Bytewax's epoch interval). Default 10 s.</summary>
    public TimeSpan EpochInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Records per batch sent between workers. Default 1024.</summary>
    public int ExchangeBatchSize { get; init; } = 1024;

    /// <summary>Batches a worker may have in flight to another worker before it stops reading its sources (backpressure). Default 64.</summary>
    public int MaxBatchesInFlight { get; init; } = 64;

    /// <summary>The fixed number of key partitions that keys hash to; state is kept per key partition so a run can resume on another worker count. Default 256.</summary>
    public int KeyPartitionCount { get; init; } = 256;

    /// <summary>How long an execution may close no epoch before its frontier logs a warning saying where each partition is (and again as long as none closes). Default 30 s.</summary>
    public TimeSpan StallWarningAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a started partition may go unheard by its frontier (it reports every second, and makes an unanswered report again after 30 s) before it counts as lost, as its silo would. 90 s; shorter in tests.</summary>
    internal TimeSpan SilentPartitionLimit { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>The clock for epochs, source wake-ups and notifications. Default the system clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where snapshots and progress go and what the run resumes from; null (the default) runs without recovery.</summary>
    public Recovery.IRecoveryStore? Recovery { get; init; }

    /// <summary>Where steps log the records they pass over under a tolerant error policy; null (the default) logs them nowhere, and a silo's partitions then use the silo's logging.</summary>
    public Microsoft.Extensions.Logging.ILogger? RecordLog { get; init; }

    /// <summary>Checks the options and returns them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1, the epoch interval is negative, or the stall warning's bound is not positive.</exception>
    public ExecutionOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(WorkerCount, 1, nameof(WorkerCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(ExchangeBatchSize, 1, nameof(ExchangeBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchesInFlight, 1, nameof(MaxBatchesInFlight));
        ArgumentOutOfRangeException.ThrowIfLessThan(KeyPartitionCount, 1, nameof(KeyPartitionCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(EpochInterval, TimeSpan.Zero, nameof(EpochInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StallWarningAfter, TimeSpan.Zero, nameof(StallWarningAfter));
        return this;
    }
}

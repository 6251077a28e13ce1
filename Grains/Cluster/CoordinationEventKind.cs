namespace Orleans.Dataflow.Grains.Cluster;

/// <summary>What a <see cref="CoordinationEvent"/> reports about the execution.</summary>
public enum CoordinationEventKind : byte
{
    /// <summary>A process failed; <see cref="CoordinationEvent.Message"/> says how. Every process stops.</summary>
    Failed = 1,

    /// <summary>A source aborted the execution, as a crash would: every worker leaves at once without EOF.</summary>
    Aborted = 2,

    /// <summary>A graceful stop was asked for (Ctrl+C, SIGTERM): every worker stops after the current epoch.</summary>
    StopRequested = 3,

    /// <summary>During a graceful stop, a worker has stopped cutting epochs in <see cref="CoordinationEvent.Epoch"/>.</summary>
    StopEpochPublished = 4,

    /// <summary>A worker has left its loop.</summary>
    Retired = 5,

    /// <summary>A worker has closed every epoch up to <see cref="CoordinationEvent.Epoch"/>; its input's last epoch is <see cref="CoordinationEvent.LastEpoch"/>.</summary>
    Closed = 6,
}

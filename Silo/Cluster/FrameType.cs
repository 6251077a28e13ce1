namespace Orleans.Dataflow.Silo.Cluster;

/// <summary>What a frame on a connection between two silos carries.</summary>
/// <remarks>A frame is a 4-byte little-endian length (of the type byte and the payload), the type byte, and the payload.</remarks>
internal enum FrameType : byte
{
    /// <summary>The first frame each way: who the process is and what it runs (<see cref="ClusterIdentity"/>).</summary>
    Hello = 1,

    /// <summary>The answer to a hello that does not fit: the reason, after which the connection closes.</summary>
    Rejected = 2,

    /// <summary>A batch of one exchange's records from one worker to another.</summary>
    Data = 3,

    /// <summary>An exchange's progress from one worker to another.</summary>
    Progress = 4,

    /// <summary>The receiving process has taken batches of a worker off its queues: they no longer count against its backpressure limit.</summary>
    Ack = 5,

    /// <summary>A coordination event of the sending process.</summary>
    Event = 6,

    /// <summary>Snapshots for process 0's recovery store.</summary>
    Snapshots = 7,

    /// <summary>From process 0: what the execution resumes from.</summary>
    Resume = 8,

    /// <summary>To process 0: the sender has built its plan.</summary>
    Ready = 9,

    /// <summary>From process 0: every process is ready; start the workers.</summary>
    Start = 10,

    /// <summary>The sender's part of the execution has ended together with the others (process 0: and its last commit is durable).</summary>
    Finished = 11,

    /// <summary>Nothing but proof of life, sent when the connection is otherwise quiet.</summary>
    Heartbeat = 12,

    /// <summary>The sender is about to close the connection on purpose: its closing is not a loss.</summary>
    Goodbye = 13,
}

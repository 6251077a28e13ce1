namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>What a <see cref="PartitionReport"/> tells the frontier.</summary>
[GenerateSerializer]
public enum PartitionReportKind : byte
{
    /// <summary>The partition failed; the frontier fails the execution with the first such report.</summary>
    Failed = 1,

    /// <summary>A source of the partition aborted the execution.</summary>
    Aborted = 2,

    /// <summary>During a graceful stop, the partition stopped cutting epochs in <see cref="PartitionReport.Epoch"/>.</summary>
    StopEpoch = 3,

    /// <summary>The partition's worker has left its loop.</summary>
    Retired = 4,

    /// <summary>The partition has closed every epoch up to <see cref="PartitionReport.Epoch"/>.</summary>
    Closed = 5,

    /// <summary>The partition could not reach another partition (its silo is gone, or going): the execution has lost data in flight. <see cref="PartitionReport.Failure"/> says which.</summary>
    Lost = 6,
}

using Orleans.Dataflow.Grains.Coordination;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>One thing a partition tells the frontier grain about its worker.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Epoch">For <see cref="PartitionReportKind.Closed"/> and <see cref="PartitionReportKind.StopEpoch"/>: the epoch.</param>
/// <param name="LastEpoch">For <see cref="PartitionReportKind.Closed"/>: the last epoch the worker read input in.</param>
/// <param name="Failure">For <see cref="PartitionReportKind.Failed"/> and <see cref="PartitionReportKind.Lost"/>: what failed.</param>
/// <param name="Peer">For <see cref="PartitionReportKind.Lost"/>: the partition that could not be reached.</param>
[GenerateSerializer]
public sealed record PartitionReport(
    [property: Id(0)] PartitionReportKind Kind,
    [property: Id(1)] long Epoch = 0,
    [property: Id(2)] long LastEpoch = 0,
    [property: Id(3)] FailureReport? Failure = null,
    [property: Id(4)] int Peer = -1);

using Orleans.Dataflow.Grains.Hosting;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>What a partition grain needs to start: which partition it is of how many, and the epoch the execution resumes at.</summary>
/// <param name="Index">The partition's index, 0 to <paramref name="PartitionCount"/> - 1: its worker index in the plan.</param>
/// <param name="PartitionCount">How many partitions the execution has.</param>
/// <param name="ResumeEpoch">The execution's first epoch: the partition restores the newest snapshots before it from its silo's recovery store.</param>
/// <param name="Execution">The number the recovery store gave this attempt (0 without a store): the partition's snapshot writes are fenced by it.</param>
/// <param name="Identity">For a shared execution, what the frontier's silo loaded: the partition refuses to start where its own silo loaded something else.</param>
/// <param name="EpochOrigin">When the attempt's first epoch began, on the run's clock: every partition cuts its epochs on the grid from there (see <c>EpochGrid</c>).</param>
[GenerateSerializer]
public sealed record PartitionStart([property: Id(0)] int Index, [property: Id(1)] int PartitionCount, [property: Id(2)] long ResumeEpoch, [property: Id(3)] long Execution, [property: Id(4)] ExecutionIdentity? Identity = null,
    [property: Id(5)] DateTimeOffset? EpochOrigin = null);

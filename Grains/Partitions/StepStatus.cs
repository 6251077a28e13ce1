using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>One count of a step in one partition, as of the partition's last report: records in or out of any step, items read by an input, written by an output, keys held or snapshot bytes written by a stateful step, records passed over.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Kind">What <paramref name="Count"/> counts.</param>
/// <param name="Count">The count, since this attempt of the execution started.</param>
[GenerateSerializer]
public sealed record StepStatus([property: Id(0)] string StepId, [property: Id(1)] StepCountKind Kind, [property: Id(2)] long Count);

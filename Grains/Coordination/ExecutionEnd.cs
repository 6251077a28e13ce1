using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Coordination;

/// <summary>How an execution ended, as its frontier grain decided: the outcome, the last epoch every partition closed, and the first failure.</summary>
/// <param name="Outcome">How it ended when it did not fail.</param>
/// <param name="ClosedEpoch">The last epoch every partition closed.</param>
/// <param name="Failure">The first failure, or null.</param>
[GenerateSerializer]
public sealed record ExecutionEnd([property: Id(0)] ExecutionOutcome Outcome, [property: Id(1)] long ClosedEpoch, [property: Id(2)] FailureReport? Failure);

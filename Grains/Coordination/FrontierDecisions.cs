namespace Orleans.Dataflow.Grains.Coordination;

/// <summary>What the frontier has decided that every partition must act on; each field only ever goes one way, so decisions may arrive in any order.</summary>
/// <param name="Failure">The first failure, when the execution failed: every partition exits at once.</param>
/// <param name="Aborted">A source aborted the execution: every partition exits at once without EOF.</param>
/// <param name="StopRequested">A graceful stop was asked for: every partition stops cutting epochs and reports its current one.</param>
/// <param name="StopEpoch">The epoch every partition closes before leaving a graceful stop, once fixed.</param>
/// <param name="Abandoned">A silo was lost and the execution restarts from its last committed epoch: every partition of this attempt leaves at once, without a word.</param>
/// <param name="Committed">The last epoch the recovery store has committed for this execution (0 before the first commit): partitions tell their epoch-aware sinks.</param>
[GenerateSerializer]
public sealed record FrontierDecisions(
    [property: Id(0)] FailureReport? Failure,
    [property: Id(1)] bool Aborted,
    [property: Id(2)] bool StopRequested,
    [property: Id(3)] long? StopEpoch,
    [property: Id(4)] bool Abandoned = false,
    [property: Id(5)] long Committed = 0)
{
    /// <summary>Nothing decided yet.</summary>
    public static FrontierDecisions None { get; } = new(null, false, false, null);
}

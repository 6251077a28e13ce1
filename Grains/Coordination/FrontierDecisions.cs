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

    /// <summary>What this and <paramref name="other"/> decided together: each field as far along its one way as either has it, so pushes that overtook each other change nothing.</summary>
    public FrontierDecisions Merge(FrontierDecisions other) => new(
        Failure ?? other.Failure,
        Aborted || other.Aborted,
        StopRequested || other.StopRequested,
        StopEpoch ?? other.StopEpoch,
        Abandoned || other.Abandoned,
        Math.Max(Committed, other.Committed));

    /// <summary>Whether these decisions take back nothing of <paramref name="earlier"/>: what the frontier pushes must only go one way, or a partition's <see cref="Merge"/> would keep a decision it dropped.</summary>
    public bool Follows(FrontierDecisions earlier) =>
        (earlier.Failure is null || Failure is not null)
        && (!earlier.Aborted || Aborted)
        && (!earlier.StopRequested || StopRequested)
        && (earlier.StopEpoch is null || StopEpoch == earlier.StopEpoch)
        && (!earlier.Abandoned || Abandoned)
        && Committed >= earlier.Committed;
}

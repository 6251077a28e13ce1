using Orleans.Dataflow.Grains.Coordination;

namespace Orleans.Dataflow.Grains.Execution;

/// <summary>What a finished run reports: how it ended and the last epoch every worker closed.</summary>
/// <param name="Outcome">How the run ended.</param>
/// <param name="ClosedEpoch">The last epoch closed on every worker; <c>long.MaxValue - 1</c> after a completed run.</param>
public sealed record ExecutionResult(ExecutionOutcome Outcome, long ClosedEpoch)
{
    /// <summary>The execution's final status as its frontier knew it at the end (records in and out, epochs, attempts); null when the run could not learn it (an in-process run, or a process of a cluster other than the one that started the execution).</summary>
    public ExecutionStatus? Progress { get; init; }
}

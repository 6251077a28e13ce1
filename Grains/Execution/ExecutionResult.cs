namespace Orleans.Dataflow.Grains.Execution;

/// <summary>What a finished run reports: how it ended and the last epoch every worker closed.</summary>
/// <param name="Outcome">How the run ended.</param>
/// <param name="ClosedEpoch">The last epoch closed on every worker; <c>long.MaxValue - 1</c> after a completed run.</param>
public sealed record ExecutionResult(ExecutionOutcome Outcome, long ClosedEpoch);

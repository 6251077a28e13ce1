namespace Orleans.Dataflow.Plan;

/// <summary>Where a step instance runs: its flow, its id, and its worker among all workers.</summary>
/// <param name="FlowId">The flow's id.</param>
/// <param name="StepId">The step's id.</param>
/// <param name="WorkerIndex">This worker's global index, from 0.</param>
/// <param name="WorkerCount">How many workers run the flow.</param>
public sealed record StepContext(string FlowId, string StepId, int WorkerIndex, int WorkerCount)
{
    /// <summary>The run's clock: the one the engine fires notifications and cuts epochs by. Default the system clock.</summary>
    /// <remarks>Step logic that reads the time (collect's timeout, enrich_cached's ages) reads this clock, so it agrees with the engine.</remarks>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

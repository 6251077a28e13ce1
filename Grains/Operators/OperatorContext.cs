using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Operators;

/// <summary>What an operator instance knows about where it runs: its step, its worker, the options and the clock.</summary>
internal sealed record OperatorContext(StepContext Step, ExecutionOptions Options, long StartEpoch)
{
    public string FlowId => Step.FlowId;

    public string StepId => Step.StepId;

    public int WorkerIndex => Step.WorkerIndex;

    public int WorkerCount => Step.WorkerCount;
}

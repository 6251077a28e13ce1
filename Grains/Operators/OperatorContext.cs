using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Operators;

/// <summary>What an operator instance knows about where it runs: its step, its worker, the options, and what the run resumes from.</summary>
internal sealed record OperatorContext(StepContext Step, ExecutionOptions Options, ResumePoint Resume)
{
    /// <summary>The epoch the operator starts in: the run's first, or the one after the last committed epoch.</summary>
    public long StartEpoch => Resume.Epoch;

    public string FlowId => Step.FlowId;

    public string StepId => Step.StepId;

    public int WorkerIndex => Step.WorkerIndex;

    public int WorkerCount => Step.WorkerCount;
}

using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Operators;

/// <summary>What an operator instance knows about where it runs: its step, its worker, the options, what the run resumes from and where its snapshots go.</summary>
/// <param name="Step">The step and worker, as user code sees them.</param>
/// <param name="Options">The execution's options.</param>
/// <param name="Resume">What the run resumes from.</param>
/// <param name="Snapshots">Where snapshots go at each epoch close (the recovery store, or the link to the process that keeps it); null without recovery.</param>
internal sealed record OperatorContext(StepContext Step, ExecutionOptions Options, ResumePoint Resume, ISnapshotSink? Snapshots)
{
    /// <summary>The epoch the operator starts in: the run's first, or the one after the last committed epoch.</summary>
    public long StartEpoch => Resume.Epoch;

    public string FlowId => Step.FlowId;

    public string StepId => Step.StepId;

    public int WorkerIndex => Step.WorkerIndex;

    public int WorkerCount => Step.WorkerCount;

    /// <summary>What the step does with a record its code throws on: its own policy, or the flow's.</summary>
    public ErrorPolicy Errors { get; init; } = ErrorPolicy.Fail;

    /// <summary>Where the step logs the records it passes over.</summary>
    public Microsoft.Extensions.Logging.ILogger RecordLog => Options.RecordLog ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
}

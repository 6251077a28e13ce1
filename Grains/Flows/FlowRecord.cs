using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Flows;

/// <summary>A flow grain's state in grain storage: the deployment, what is wanted of it and where it is.</summary>
[GenerateSerializer]
public sealed class FlowRecord
{
    /// <summary>The deployment; null until the flow is deployed.</summary>
    [Id(0)]
    public FlowDeployment? Deployment { get; set; }

    /// <summary>What the deployer wants.</summary>
    [Id(1)]
    public FlowDesiredState DesiredState { get; set; }

    /// <summary>How the current execution ended; null while it runs.</summary>
    [Id(2)]
    public ExecutionEnd? End { get; set; }

    /// <summary>When the flow was deployed.</summary>
    [Id(3)]
    public DateTimeOffset DeployedAt { get; set; }

    /// <summary>When its execution ended; null while it runs.</summary>
    [Id(4)]
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>How many times the flow grain started the execution's frontier again after it was lost with its silo.</summary>
    [Id(5)]
    public int FrontierRestarts { get; set; }

    /// <summary>How many times the flow was started again from its last committed epoch after its execution failed.</summary>
    [Id(6)]
    public int FailureRestarts { get; set; }

    /// <summary>Where the current execution is: epochs, commits, counts and each partition's silo; live (about a second old) when the flow grain describes a running flow, final once it ended; null before its frontier first reported.</summary>
    [Id(7)]
    public ExecutionStatus? Progress { get; set; }

    /// <summary>How long the current execution has run at <paramref name="now"/>: from its deployment to its end, or to <paramref name="now"/> while it runs.</summary>
    public TimeSpan UptimeAt(DateTimeOffset now) => (EndedAt ?? now) - DeployedAt;

    /// <summary>Where the flow is: running until its execution ends, then how it ended.</summary>
    public FlowStatus Status => End switch
    {
        null => FlowStatus.Running,
        { Failure: not null } => FlowStatus.Failed,
        { Outcome: ExecutionOutcome.Completed } => FlowStatus.Completed,
        { Outcome: ExecutionOutcome.Stopped } => FlowStatus.Stopped,
        _ => FlowStatus.Aborted,
    };
}

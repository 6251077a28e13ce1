using System.Diagnostics;

namespace Orleans.Dataflow.Grains.Observability;

/// <summary>The engine's <see cref="ActivitySource"/> <c>Orleans.Dataflow</c>: one activity per step of the control path (submit, deploy, an execution's start or recovery, an epoch commit, a restart), never per record.</summary>
/// <remarks>
/// Activities exist only while something listens (an OpenTelemetry tracer provider that adds <see cref="SourceName"/>,
/// or an <see cref="ActivityListener"/>); otherwise starting one costs a null check. Each carries the tag
/// <see cref="DataflowMeters.FlowTag"/> and, where it has one, <see cref="ExecutionTag"/> and <see cref="EpochTag"/>.
/// </remarks>
public static class DataflowActivities
{
    /// <summary>The source's name, the project's (as the meter's).</summary>
    public const string SourceName = "Orleans.Dataflow";

    /// <summary>The tag giving the execution's id.</summary>
    public const string ExecutionTag = "dataflow.execution";

    /// <summary>The tag giving an epoch: the one committed, or the one an execution starts in.</summary>
    public const string EpochTag = "dataflow.epoch";

    /// <summary>A client submitted a flow (its code) to the service.</summary>
    public const string Submit = "dataflow.flow.submit";

    /// <summary>A flow grain records a deployment and starts its execution's frontier.</summary>
    public const string Deploy = "dataflow.flow.deploy";

    /// <summary>The frontier begins an execution's first attempt and starts its partitions.</summary>
    public const string Start = "dataflow.execution.start";

    /// <summary>The frontier begins a later attempt after a lost silo: it resumes from the last committed epoch.</summary>
    public const string Recover = "dataflow.execution.recover";

    /// <summary>The recovery store commits an epoch.</summary>
    public const string Commit = "dataflow.epoch.commit";

    /// <summary>A flow grain starts a flow again by itself: after a failure, or a frontier lost with its silo.</summary>
    public const string Restart = "dataflow.flow.restart";

    internal static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Starts an activity of the control path named <paramref name="name"/> for <paramref name="flow"/>; null when nothing listens.</summary>
    internal static Activity? StartFor(string name, string flow) => Source.StartActivity(name)?.SetTag(DataflowMeters.FlowTag, flow);

    /// <summary>Starts, as of <paramref name="began"/>, an activity of the control path named <paramref name="name"/> for <paramref name="flow"/>: for work known to be what the name says only once it is done; null when nothing listens.</summary>
    internal static Activity? StartFor(string name, string flow, DateTimeOffset began)
        => Source.StartActivity(name, ActivityKind.Internal, parentContext: default, startTime: began)?.SetTag(DataflowMeters.FlowTag, flow);
}

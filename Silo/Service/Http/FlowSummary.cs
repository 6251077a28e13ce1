using Orleans.Dataflow.Grains.Flows;

namespace Orleans.Dataflow.Silo.Service.Http;

/// <summary>A flow as <c>GET /flows</c> lists it: the columns of the client's <c>list</c>.</summary>
/// <param name="Id">The flow's id in the service.</param>
/// <param name="Status">Where it is: <c>running</c>, <c>completed</c>, <c>stopped</c>, <c>aborted</c> or <c>failed</c>.</param>
/// <param name="FlowId">The id of the <c>Dataflow</c> its code builds.</param>
/// <param name="Execution">The execution that runs it.</param>
/// <param name="DeployedAt">When it was submitted.</param>
/// <param name="EndedAt">When its execution ended; null while it runs.</param>
/// <param name="Error">The first failure's message when it failed; otherwise null.</param>
public sealed record FlowSummary(string Id, string Status, string? FlowId, string? Execution, DateTimeOffset DeployedAt, DateTimeOffset? EndedAt, string? Error)
{
    /// <summary>The summary of flow <paramref name="id"/> from its <paramref name="record"/>.</summary>
    public static FlowSummary Of(string id, FlowRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new FlowSummary(id, FlowDetails.StatusName(record.Status), record.Deployment?.Definition.FlowId, record.Deployment?.ExecutionId,
            record.DeployedAt, record.EndedAt, record.End?.Failure?.Message);
    }
}

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
/// <param name="UptimeSeconds">How long its execution has run: from its deployment to its end, or to now.</param>
/// <param name="Epoch">The latest epoch any partition reads in; null before the execution first reported.</param>
/// <param name="CommittedEpoch">The last epoch committed to the recovery store (0: none yet); null without a store or a report.</param>
/// <param name="RecordsIn">Items read by its inputs over all partitions; null before the execution first reported.</param>
/// <param name="RecordsOut">Items written by its outputs over all partitions; null before the execution first reported.</param>
public sealed record FlowSummary(
    string Id,
    string Status,
    string? FlowId,
    string? Execution,
    DateTimeOffset DeployedAt,
    DateTimeOffset? EndedAt,
    string? Error,
    double UptimeSeconds,
    long? Epoch,
    long? CommittedEpoch,
    long? RecordsIn,
    long? RecordsOut)
{
    /// <summary>The summary of flow <paramref name="id"/> from its <paramref name="record"/>.</summary>
    public static FlowSummary Of(string id, FlowRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var progress = record.Progress;
        return new FlowSummary(id, FlowDetails.StatusName(record.Status), record.Deployment?.Definition.FlowId, record.Deployment?.ExecutionId,
            record.DeployedAt, record.EndedAt, record.End?.Failure?.Message, record.UptimeAt(DateTimeOffset.UtcNow).TotalSeconds,
            progress?.Epoch, progress?.CommittedEpoch, progress?.RecordsIn, progress?.RecordsOut);
    }
}

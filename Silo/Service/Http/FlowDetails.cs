using Orleans.Dataflow.Grains.Flows;

namespace Orleans.Dataflow.Silo.Service.Http;

/// <summary>A flow as <c>GET /flows/{id}</c> shows it: what the client's <c>status</c> prints, its progress per partition included.</summary>
/// <param name="Id">The flow's id in the service.</param>
/// <param name="Status">Where it is: <c>running</c>, <c>completed</c>, <c>stopped</c>, <c>aborted</c> or <c>failed</c>.</param>
/// <param name="DesiredState">What was asked of it: <c>running</c>, or <c>stopped</c> once a stop was asked.</param>
/// <param name="FlowId">The id of the <c>Dataflow</c> its code builds.</param>
/// <param name="Origin">The file its code came from.</param>
/// <param name="Execution">The execution that runs it.</param>
/// <param name="Partitions">Partitions (workers) across the cluster.</param>
/// <param name="EpochIntervalSeconds">Seconds between epochs (snapshots).</param>
/// <param name="Recovery">The recovery store, without secrets; null when it runs without one.</param>
/// <param name="Steps">Its steps in the order they were added, as <c>id (kind)</c>.</param>
/// <param name="DeployedAt">When it was submitted.</param>
/// <param name="EndedAt">When its execution ended; null while it runs.</param>
/// <param name="Outcome">How its execution ended (<c>completed</c>, <c>stopped</c>, <c>aborted</c>); null while it runs.</param>
/// <param name="Error">The first failure's message when it failed; otherwise null.</param>
/// <param name="UptimeSeconds">How long its execution has run: from its deployment to its end, or to now.</param>
/// <param name="Epoch">The latest epoch any partition reads in; null before the execution first reported.</param>
/// <param name="ClosedEpoch">The last epoch every partition has closed; null before the execution first reported.</param>
/// <param name="CommittedEpoch">The last epoch committed to the recovery store (0: none yet); null without a store or a report.</param>
/// <param name="Attempts">Attempts the execution has begun (one more after each recovery); null before the execution first reported.</param>
/// <param name="RecordsIn">Items read by its inputs over all partitions (and attempts); null before the execution first reported.</param>
/// <param name="RecordsOut">Items written by its outputs over all partitions (and attempts); null before the execution first reported.</param>
/// <param name="PartitionProgress">Each partition's silo, epochs, records and step counts (state keys of stateful steps); empty before the execution first reported.</param>
public sealed record FlowDetails(
    string Id,
    string Status,
    string DesiredState,
    string FlowId,
    string Origin,
    string Execution,
    int Partitions,
    double EpochIntervalSeconds,
    string? Recovery,
    IReadOnlyList<string> Steps,
    DateTimeOffset DeployedAt,
    DateTimeOffset? EndedAt,
    string? Outcome,
    string? Error,
    double UptimeSeconds,
    long? Epoch,
    long? ClosedEpoch,
    long? CommittedEpoch,
    int? Attempts,
    long? RecordsIn,
    long? RecordsOut,
    IReadOnlyList<PartitionDetails> PartitionProgress)
{
    /// <summary>The details of flow <paramref name="id"/> from its <paramref name="record"/>, which must hold a deployment.</summary>
    public static FlowDetails Of(string id, FlowRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var deployment = record.Deployment ?? throw new FlowNotDeployedException(id);
        var progress = record.Progress;
        return new FlowDetails(
            id,
            StatusName(record.Status),
            record.DesiredState.ToString().ToLowerInvariant(),
            deployment.Definition.FlowId,
            deployment.Definition.Origin,
            deployment.ExecutionId,
            deployment.Settings.PartitionCount,
            deployment.Settings.EpochInterval.TotalSeconds,
            deployment.Settings.RecoveryStore,
            deployment.Definition.Steps,
            record.DeployedAt,
            record.EndedAt,
            record.End?.Outcome.ToString().ToLowerInvariant(),
            record.End?.Failure?.Message,
            record.UptimeAt(DateTimeOffset.UtcNow).TotalSeconds,
            progress?.Epoch,
            progress?.ClosedEpoch,
            progress?.CommittedEpoch,
            progress?.Attempts,
            progress?.RecordsIn,
            progress?.RecordsOut,
            [.. progress?.Partitions.Select(PartitionDetails.Of) ?? []]);
    }

    /// <summary>How the API spells <paramref name="status"/>: its name in lower case.</summary>
    internal static string StatusName(FlowStatus status) => status.ToString().ToLowerInvariant();
}

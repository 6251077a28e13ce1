using Orleans.Dataflow.Grains.Flows;

namespace Orleans.Dataflow.Silo.Service.Http;

/// <summary>A flow as <c>GET /flows/{id}</c> shows it: what the client's <c>status</c> prints.</summary>
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
    string? Error)
{
    /// <summary>The details of flow <paramref name="id"/> from its <paramref name="record"/>, which must hold a deployment.</summary>
    public static FlowDetails Of(string id, FlowRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var deployment = record.Deployment ?? throw new FlowNotDeployedException(id);
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
            record.End?.Failure?.Message);
    }

    /// <summary>How the API spells <paramref name="status"/>: its name in lower case.</summary>
    internal static string StatusName(FlowStatus status) => status.ToString().ToLowerInvariant();
}

using System.Text.Json;
using Orleans.Dataflow.Grains.Partitions;

namespace Orleans.Dataflow.Silo.Service.Http;

/// <summary>One count of a step in one partition, as <c>GET /flows/{id}</c> shows it.</summary>
/// <param name="Step">The step's id.</param>
/// <param name="Kind">What <paramref name="Count"/> counts: <c>in</c> and <c>out</c> (any step's records received and emitted), <c>read</c> (an input's items), <c>written</c> (an output's items), <c>keys</c> (a stateful step's live keys), <c>snapshot_bytes</c> (the bytes a stateful step wrote to the recovery store) or <c>skipped</c> (records passed over under an error policy).</param>
/// <param name="Count">The count, since the partition's attempt started.</param>
public sealed record StepDetails(string Step, string Kind, long Count)
{
    /// <summary>The details of <paramref name="status"/>.</summary>
    public static StepDetails Of(StepStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new StepDetails(status.StepId, JsonNamingPolicy.SnakeCaseLower.ConvertName(status.Kind.ToString()), status.Count);
    }
}

using Orleans.Dataflow.Grains.Partitions;

namespace Orleans.Dataflow.Silo.Service.Http;

/// <summary>One partition of a flow's execution, as <c>GET /flows/{id}</c> shows it: as it last reported, about a second ago while it runs.</summary>
/// <param name="Index">The partition's index.</param>
/// <param name="Silo">The silo it runs on; null until it has started.</param>
/// <param name="State"><c>running</c>, or <c>ended</c> once its worker has left (the flow ended, or the partition was lost with its silo).</param>
/// <param name="Epoch">The epoch its sources read in.</param>
/// <param name="ClosedEpoch">The last epoch it has closed at every step.</param>
/// <param name="RecordsIn">The items its inputs have read.</param>
/// <param name="RecordsOut">The items its outputs have written.</param>
/// <param name="Steps">The counts of its steps: every step's records in and out, and an input's, output's or stateful step's own.</param>
/// <param name="BackpressureSeconds">The seconds its sources have waited on backpressure.</param>
public sealed record PartitionDetails(int Index, string? Silo, string State, long Epoch, long ClosedEpoch, long RecordsIn, long RecordsOut, IReadOnlyList<StepDetails> Steps,
    double BackpressureSeconds)
{
    /// <summary>The details of <paramref name="status"/>.</summary>
    public static PartitionDetails Of(PartitionStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new PartitionDetails(status.Index, status.Silo, status.Running ? "running" : "ended", status.Epoch, status.ClosedEpoch,
            status.RecordsIn, status.RecordsOut, [.. status.Steps.Select(StepDetails.Of)], status.BackpressureSeconds);
    }
}

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>Where one partition of an execution is, as it last reported to the frontier (about once a second, and once more when its worker leaves).</summary>
/// <param name="Index">The partition's index.</param>
/// <param name="Silo">The silo it runs on; null until it has started.</param>
/// <param name="Epoch">The epoch its sources read in.</param>
/// <param name="ClosedEpoch">The last epoch it has closed at every step; at most <paramref name="Epoch"/>, which it reaches once its input has ended.</param>
/// <param name="RecordsIn">The items its input steps have read.</param>
/// <param name="RecordsOut">The items its output steps have written.</param>
/// <param name="Running">Whether its worker is running; false once it has left its loop (ended, stopped, failed or lost).</param>
/// <param name="Steps">The counts of its steps, in plan order: every step's records in and out, an input's items read, an output's items written, a stateful step's keys and snapshot bytes, a tolerant step's records passed over.</param>
/// <remarks>Counts are of the current attempt: after a lost silo, the next attempt's partitions count from zero.</remarks>
[GenerateSerializer]
public sealed record PartitionStatus(
    [property: Id(0)] int Index,
    [property: Id(1)] string? Silo,
    [property: Id(2)] long Epoch,
    [property: Id(3)] long ClosedEpoch,
    [property: Id(4)] long RecordsIn,
    [property: Id(5)] long RecordsOut,
    [property: Id(6)] bool Running,
    [property: Id(7)] IReadOnlyList<StepStatus> Steps)
{
    /// <summary>The seconds its sources have waited on backpressure (its receivers had too many batches in flight); 0 in a record written before it was reported.</summary>
    [Id(8)]
    public double BackpressureSeconds { get; init; }
}

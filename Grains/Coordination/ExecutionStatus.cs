using Orleans.Dataflow.Grains.Partitions;

namespace Orleans.Dataflow.Grains.Coordination;

/// <summary>Where an execution is, as its frontier knows it from its partitions' reports: at most about a second old while it runs, final once it has ended.</summary>
/// <param name="Epoch">The latest epoch any partition reads in.</param>
/// <param name="ClosedEpoch">The last epoch every partition has closed.</param>
/// <param name="CommittedEpoch">The last epoch committed to the recovery store (0: none yet); null without a store.</param>
/// <param name="RecordsIn">The items its input steps have read, summed over partitions and over the attempts so far (after a lost silo, what followed the last commit is read, and counted, again).</param>
/// <param name="RecordsOut">The items its output steps have written, summed the same way.</param>
/// <param name="Attempts">How many attempts the execution has begun: 1, plus one per recovery from a lost silo or hand-over.</param>
/// <param name="Partitions">The current attempt's partitions, by index.</param>
[GenerateSerializer]
public sealed record ExecutionStatus(
    [property: Id(0)] long Epoch,
    [property: Id(1)] long ClosedEpoch,
    [property: Id(2)] long? CommittedEpoch,
    [property: Id(3)] long RecordsIn,
    [property: Id(4)] long RecordsOut,
    [property: Id(5)] int Attempts,
    [property: Id(6)] IReadOnlyList<PartitionStatus> Partitions)
{
    /// <summary>The status of <paramref name="attempt"/>, the <paramref name="attempts"/>-th, after earlier ones that read <paramref name="earlierIn"/> and wrote <paramref name="earlierOut"/> items.</summary>
    internal static ExecutionStatus Of(Attempt attempt, int attempts, long earlierIn, long earlierOut, bool recoverable)
    {
        var partitions = attempt.Statuses
            .Select((status, p) => status ?? new PartitionStatus(p, attempt.Silos[p]?.ToString(), attempt.FirstEpoch, attempt.FirstEpoch - 1, 0, 0, !attempt.Retired[p], []))
            .ToArray();
        var committed = recoverable ? Math.Max(attempt.Coordinator.CommittedEpoch ?? 0, attempt.FirstEpoch - 1) : (long?)null;
        return new ExecutionStatus(
            partitions.Max(p => p.Epoch),
            partitions.Min(p => p.ClosedEpoch),
            committed,
            earlierIn + attempt.Totals.In,
            earlierOut + attempt.Totals.Out,
            attempts,
            partitions);
    }
}

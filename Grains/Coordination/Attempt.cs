using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Partitions;

namespace Orleans.Dataflow.Grains.Coordination;

/// <summary>One attempt of an execution: its partition grains, the silos they run on, its coordinator, and which of them have left.</summary>
internal sealed class Attempt(string id, ExecutionCoordinator coordinator, IPartitionGrain[] partitions)
{
    /// <summary>The attempt's id, part of its partitions' keys, so that no message of an abandoned attempt reaches the next one.</summary>
    public string Id { get; } = id;

    /// <summary>The epochs, stop and failures of this attempt's partitions, and its commits.</summary>
    public ExecutionCoordinator Coordinator { get; } = coordinator;

    /// <summary>The attempt's partition grains, by index.</summary>
    public IPartitionGrain[] Partitions { get; } = partitions;

    /// <summary>The silo each partition started on; null until it has.</summary>
    public SiloAddress?[] Silos { get; } = new SiloAddress?[partitions.Length];

    /// <summary>What each partition last reported of itself; null until its first report.</summary>
    public PartitionStatus?[] Statuses { get; } = new PartitionStatus?[partitions.Length];

    /// <summary>The sequence number of each partition's last report call that was applied; 0 before the first.</summary>
    public long[] AppliedReports { get; } = new long[partitions.Length];

    /// <summary>When each partition last reported (a <see cref="System.Diagnostics.Stopwatch"/> timestamp); 0 until its first report.</summary>
    public long[] ReportedAt { get; } = new long[partitions.Length];

    /// <summary>The epoch the attempt's partitions started in: one after the last epoch committed before it.</summary>
    public long FirstEpoch { get; init; }

    /// <summary>Whether each partition has left: it said so, or its silo is gone.</summary>
    public bool[] Retired { get; } = new bool[partitions.Length];

    /// <summary>Whether the frontier has had every partition's start answered (started, or failed): from then on a partition that goes silent is lost.</summary>
    public bool Started { get; set; }

    /// <summary>Whether a silo was lost and this attempt is being left for the next one.</summary>
    public bool Abandoned { get; set; }

    /// <summary>Whether a silo of this attempt is stopping gracefully: the attempt stops after an epoch it commits, and the next one starts without that silo.</summary>
    public bool HandingOver { get; set; }

    /// <summary>Whether every partition has left.</summary>
    public bool AllRetired => Array.TrueForAll(Retired, r => r);

    /// <summary>The decisions last pushed to the partitions.</summary>
    public FrontierDecisions Sent { get; set; } = FrontierDecisions.None;

    /// <summary>The items this attempt's partitions have read and written, as they last reported.</summary>
    public (long In, long Out) Totals => (Statuses.Sum(s => s?.RecordsIn ?? 0), Statuses.Sum(s => s?.RecordsOut ?? 0));

    /// <summary>Counts partition <paramref name="partition"/> as gone; returns whether it was not already.</summary>
    public bool Retire(int partition)
    {
        if (Retired[partition])
        {
            return false;
        }

        Retired[partition] = true;
        return true;
    }
}

using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>Reads a running partition's epoch and step counts for its status, from any thread, without the worker's help.</summary>
/// <remarks>
/// The worker updates its counts per batch in plain fields it alone writes; this reads them racily, so a status is
/// at most one batch behind and costs the worker nothing. Once the worker has left its loop the counts are final.
/// </remarks>
internal sealed class PartitionProbe(int index, string silo, long startEpoch, WorkerPlan plan, Worker worker)
{
    /// <summary>The partition's status now, given the last epoch it reported closed (<paramref name="closedEpoch"/>; below the start epoch while it has reported none).</summary>
    public PartitionStatus Read(long closedEpoch, bool running)
    {
        var steps = plan.Counters.Select(counter => new StepStatus(counter.StepId, counter.Kind, counter.Read())).ToArray();
        var epoch = worker.Epoch;
        // A worker whose input has ended reports every epoch closed (long.MaxValue - 1): it has closed the one it was in.
        var closed = Math.Min(Math.Max(closedEpoch, startEpoch - 1), epoch);
        return new PartitionStatus(index, silo, epoch, closed, Sum(steps, StepCountKind.Read), Sum(steps, StepCountKind.Written), running, steps);
    }

    private static long Sum(StepStatus[] steps, StepCountKind kind) => steps.Where(step => step.Kind == kind).Sum(step => step.Count);
}

using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>Reads a running partition's epoch, step counts and backpressure for its status, from any thread, without the worker's help.</summary>
/// <remarks>
/// The worker updates its counts per batch in plain fields it alone writes; this reads them racily, so a status is
/// at most one batch behind and costs the worker nothing. Once the worker has left its loop the counts are final.
/// Steps come in plan order, each with its records in and out, then its own counts (read, written, keys, skipped),
/// then, for a stateful step, its snapshot bytes.
/// </remarks>
internal sealed class PartitionProbe(int index, string silo, long startEpoch, WorkerPlan plan, Worker worker)
{
    private readonly StepCounter[] _counters = Order(plan);

    /// <summary>The partition's status now, given the last epoch it reported closed (<paramref name="closedEpoch"/>; below the start epoch while it has reported none).</summary>
    public PartitionStatus Read(long closedEpoch, bool running)
    {
        var steps = _counters.Select(counter => new StepStatus(counter.StepId, counter.Kind, counter.Read())).ToArray();
        var epoch = worker.Epoch;
        // A worker whose input has ended reports every epoch closed (long.MaxValue - 1): it has closed the one it was in.
        var closed = Math.Min(Math.Max(closedEpoch, startEpoch - 1), epoch);
        return new PartitionStatus(index, silo, epoch, closed, Sum(steps, StepCountKind.Read), Sum(steps, StepCountKind.Written), running, steps)
        {
            BackpressureSeconds = worker.BackpressureSeconds,
        };
    }

    private static long Sum(StepStatus[] steps, StepCountKind kind) => steps.Where(step => step.Kind == kind).Sum(step => step.Count);

    /// <summary>Every count of the plan, step by step: records in and out from its traffic, its own counters, its snapshot bytes.</summary>
    private static StepCounter[] Order(WorkerPlan plan)
    {
        var counters = new List<StepCounter>();
        foreach (var traffic in plan.Traffic)
        {
            counters.Add(new StepCounter(traffic.StepId, StepCountKind.In, traffic.In));
            counters.Add(new StepCounter(traffic.StepId, StepCountKind.Out, traffic.Out));
            counters.AddRange(plan.Counters.Where(counter => counter.StepId == traffic.StepId));
            if (traffic.SnapshotBytes is { } bytes)
            {
                counters.Add(new StepCounter(traffic.StepId, StepCountKind.SnapshotBytes, bytes));
            }
        }

        // Every counted step has its traffic; should one not, its counts still show.
        counters.AddRange(plan.Counters.Where(counter => !plan.Traffic.Any(traffic => traffic.StepId == counter.StepId)));
        return [.. counters];
    }
}

using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.W5Latency;

/// <summary>The W5 sink: records each (key, (count, due)) row's latency since it was due, one partition per worker.</summary>
/// <param name="schedule">Which rows are measured (due after the warm-up).</param>
/// <param name="totals">Where the partitions' histograms end up.</param>
public sealed class LatencySink(OpenLoopSchedule schedule, LatencyTotals totals) : DynamicSink<(string Key, (long Count, long Due) Value)>
{
    /// <inheritdoc/>
    public override StatelessSinkPartition<(string Key, (long Count, long Due) Value)> Build(string stepId, int workerIndex, int workerCount)
        => new LatencySinkPartition(schedule, totals);
}

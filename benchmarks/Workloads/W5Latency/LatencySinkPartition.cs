using System.Diagnostics;
using Orleans.Dataflow.Benchmarks.Harness;
using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.W5Latency;

/// <summary>One worker's partition of <see cref="LatencySink"/>: reads the clock once per batch (every row of it arrived then) and records each measured row's latency.</summary>
/// <remarks>Called from one worker thread only; publishes into the totals at dispose.</remarks>
/// <param name="schedule">Which rows are measured.</param>
/// <param name="totals">Where the histogram goes at dispose.</param>
public sealed class LatencySinkPartition(OpenLoopSchedule schedule, LatencyTotals totals) : StatelessSinkPartition<(string Key, (long Count, long Due) Value)>
{
    private readonly LatencyHistogram _histogram = new();
    private readonly long _measuredFrom = schedule.MeasuredFrom;
    private long _rows;

    /// <inheritdoc/>
    public override void WriteBatch(IReadOnlyList<(string Key, (long Count, long Due) Value)> items)
    {
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < items.Count; i++)
        {
            var due = items[i].Value.Due;
            if (due >= _measuredFrom)
            {
                _histogram.RecordTimestamps(due, now);
            }
        }

        _rows += items.Count;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing) => totals.Add(_histogram, _rows);
}

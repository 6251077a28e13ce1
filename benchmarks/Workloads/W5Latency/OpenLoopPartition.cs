using System.Diagnostics;
using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.W5Latency;

/// <summary>One partition of <see cref="OpenLoopSource"/>: emits every record that is due by now, at most 1024 per batch.</summary>
/// <remarks>Called from one worker thread only.</remarks>
public sealed class OpenLoopPartition : StatefulSourcePartition<(int Key, long Due), long>
{
    private const int MaxBatch = 1024;
    private readonly OpenLoopSchedule _schedule;
    private readonly int _stride;
    private readonly bool _sleeping;
    private readonly DateTimeOffset _utcAtStart;
    private long _next;

    /// <summary>Creates partition <paramref name="partition"/> of <paramref name="partitions"/>.</summary>
    public OpenLoopPartition(OpenLoopSchedule schedule, int partition, int partitions, bool sleeping)
    {
        _schedule = schedule;
        _stride = partitions;
        _sleeping = sleeping;
        _next = partition;
        _utcAtStart = DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(schedule.Start);
    }

    /// <inheritdoc/>
    public override bool NextBatch(List<(int Key, long Due)> batch)
    {
        var now = Stopwatch.GetTimestamp();
        var next = _next;
        for (var produced = 0; produced < MaxBatch && next < _schedule.Count; produced++, next += _stride)
        {
            var due = _schedule.DueOf(next);
            if (due > now)
            {
                break;
            }

            batch.Add(((int)(next % OpenLoopSource.KeyCount), due));
        }

        _next = next;
        return next < _schedule.Count;
    }

    /// <inheritdoc/>
    public override DateTimeOffset? NextAwake() => _sleeping && _next < _schedule.Count
        ? _utcAtStart + Stopwatch.GetElapsedTime(_schedule.Start, _schedule.DueOf(_next))
        : DateTimeOffset.MinValue;

    /// <inheritdoc/>
    public override long Snapshot() => Stopwatch.GetTimestamp();
}

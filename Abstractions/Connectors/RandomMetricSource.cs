using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Connectors;

/// <summary>A demo source for samples: emits <c>(metric, value)</c> with a random value at a fixed interval, like a sensor (Bytewax's <c>RandomMetricSource</c>).</summary>
/// <remarks>
/// One partition, named by the metric. The first value comes at once, then one per <c>interval</c>; after
/// <c>count</c> values the partition ends. Values come from <c>nextRandom</c> (default a whole number from 0 to 9).
/// The snapshot is the number of values emitted, so a resumed run emits only the rest of <c>count</c>.
/// </remarks>
public sealed class RandomMetricSource : FixedPartitionedSource<(string Metric, double Value), long>
{
    private readonly string _metric;
    private readonly TimeSpan _interval;
    private readonly long _count;
    private readonly Func<double> _nextRandom;

    /// <summary>Creates a source of <paramref name="count"/> values of <paramref name="metric"/>, one per <paramref name="interval"/> (default 0.7 s), drawn from <paramref name="nextRandom"/>.</summary>
    public RandomMetricSource(string metric, TimeSpan? interval = null, long count = long.MaxValue, Func<double>? nextRandom = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(metric);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _interval = interval ?? TimeSpan.FromSeconds(0.7);
        ArgumentOutOfRangeException.ThrowIfLessThan(_interval, TimeSpan.Zero, nameof(interval));
        _metric = metric;
        _count = count;
        _nextRandom = nextRandom ?? (() => Random.Shared.Next(0, 10));
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> ListParts() => [_metric];

    /// <inheritdoc/>
    public override StatefulSourcePartition<(string Metric, double Value), long> BuildPart(string stepId, string forPart, long resumeState)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(resumeState);
        return new Partition(this, resumeState);
    }

    private sealed class Partition(RandomMetricSource source, long emitted) : StatefulSourcePartition<(string Metric, double Value), long>
    {
        private long _emitted = emitted;
        private DateTimeOffset _due = DateTimeOffset.UtcNow;

        public override bool NextBatch(List<(string Metric, double Value)> batch)
        {
            if (_emitted >= source._count)
            {
                return false;
            }

            var now = DateTimeOffset.UtcNow;
            if (now < _due)
            {
                return true;
            }

            batch.Add((source._metric, source._nextRandom()));
            _emitted++;
            _due = now + source._interval;
            return _emitted < source._count;
        }

        public override DateTimeOffset? NextAwake() => _due;

        public override long Snapshot() => _emitted;
    }
}

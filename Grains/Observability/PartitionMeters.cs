using System.Diagnostics.Metrics;
using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Observability;

/// <summary>What running partitions count, on the engine's meter: records in and out per step, records passed over or late, state keys and snapshot bytes, the epoch, backpressure and epoch close latency.</summary>
/// <remarks>
/// The worker counts per batch in plain fields that it alone writes (the counts <c>status</c> shows); the observable
/// instruments here read them racily, only when a listener collects, so metrics cost the worker nothing more than
/// status does. A partition is observed from its start to the end of its worker; its counts are of its attempt, so they
/// restart from zero when an execution resumes (a counter reset, which Prometheus' <c>rate</c> allows for). Tags:
/// <see cref="DataflowMeters.FlowTag"/>, <see cref="DataflowMeters.PartitionTag"/>, <see cref="DataflowMeters.SiloTag"/> and, for a step's
/// counts, <see cref="DataflowMeters.StepTag"/>.
/// </remarks>
public static class PartitionMeters
{
    /// <summary>The name of the counter of records a step received, per partition.</summary>
    public const string RecordsInName = "dataflow.step.records_in";

    /// <summary>The name of the counter of records a step emitted (an input: read; an output: written), per partition.</summary>
    public const string RecordsOutName = "dataflow.step.records_out";

    /// <summary>The name of the counter of records a step passed over under its error policy (skipped, or written to the dead-letter sink).</summary>
    public const string RecordsSkippedName = "dataflow.step.records_skipped";

    /// <summary>The name of the counter of records a window emitted on its late stream.</summary>
    public const string RecordsLateName = "dataflow.step.records_late";

    /// <summary>The name of the gauge of keys holding live state in a stateful step.</summary>
    public const string StateKeysName = "dataflow.state.keys";

    /// <summary>The name of the counter of snapshot bytes a stateful step wrote to the recovery store.</summary>
    public const string SnapshotBytesName = "dataflow.state.snapshot_bytes";

    /// <summary>The name of the gauge of the epoch a partition's sources read in.</summary>
    public const string EpochName = "dataflow.epoch.current";

    /// <summary>The name of the counter of seconds a partition's sources waited on backpressure.</summary>
    public const string BackpressureName = "dataflow.backpressure.wait_time";

    /// <summary>The name of <see cref="CloseDuration"/>.</summary>
    public const string CloseDurationName = "dataflow.epoch.close_duration";

    private static readonly Dictionary<object, MeteredPartition> _partitions = [];

    /// <summary>Seconds from a partition cutting an epoch (its sources moving past it) to every step of the partition closing it, per flow: one measurement per epoch and partition.</summary>
    public static Histogram<double> CloseDuration { get; } = DataflowMeters.Meter.CreateHistogram(CloseDurationName, "s", "seconds from cutting an epoch to closing it at every step of a partition", advice: DataflowMeters.LatencyBuckets);

    /// <summary>Records each step received.</summary>
    public static ObservableCounter<long> RecordsIn { get; } = DataflowMeters.Meter.CreateObservableCounter(RecordsInName, () => Observe(static (p, m) => p.Steps(m, t => t.In())), "{record}", "records a step received");

    /// <summary>Records each step emitted.</summary>
    public static ObservableCounter<long> RecordsOut { get; } = DataflowMeters.Meter.CreateObservableCounter(RecordsOutName, () => Observe(static (p, m) => p.Steps(m, t => t.Out())), "{record}", "records a step emitted");

    /// <summary>Records each step with a tolerant error policy passed over.</summary>
    public static ObservableCounter<long> RecordsSkipped { get; } = DataflowMeters.Meter.CreateObservableCounter(RecordsSkippedName, () => Observe(static (p, m) => p.Counts(m, StepCountKind.Skipped)), "{record}", "records a step passed over under its error policy");

    /// <summary>Records each window sent to its late stream.</summary>
    public static ObservableCounter<long> RecordsLate { get; } = DataflowMeters.Meter.CreateObservableCounter(RecordsLateName, () => Observe(static (p, m) => p.Steps(m, t => t.Late ? t.Out() : null)), "{record}", "records a window sent to its late stream");

    /// <summary>Live keys of each stateful step.</summary>
    public static ObservableGauge<long> StateKeys { get; } = DataflowMeters.Meter.CreateObservableGauge(StateKeysName, () => Observe(static (p, m) => p.Counts(m, StepCountKind.Keys)), "{key}", "keys holding live state in a stateful step");

    /// <summary>Snapshot bytes each stateful step wrote.</summary>
    public static ObservableCounter<long> SnapshotBytes { get; } = DataflowMeters.Meter.CreateObservableCounter(SnapshotBytesName, () => Observe(static (p, m) => p.Steps(m, t => t.SnapshotBytes?.Invoke())), "By", "snapshot bytes a stateful step wrote to the recovery store");

    /// <summary>The epoch each partition's sources read in.</summary>
    public static ObservableGauge<long> Epoch { get; } = DataflowMeters.Meter.CreateObservableGauge(EpochName, () => Observe(static (p, m) => m.Add(new Measurement<long>(p.Worker.Epoch, p.Tags))), "{epoch}", "the epoch a partition's sources read in");

    /// <summary>Seconds each partition's sources waited because its receivers had too many batches in flight.</summary>
    public static ObservableCounter<double> Backpressure { get; } = DataflowMeters.Meter.CreateObservableCounter(BackpressureName, ObserveBackpressure, "s", "seconds a partition's sources waited on backpressure");

    /// <summary>Observes the partition until the returned handle is disposed.</summary>
    internal static IDisposable Track(string flow, int partition, string silo, WorkerPlan plan, Worker worker)
    {
        var handle = new DataflowMeters.Untrack(_partitions);
        lock (_partitions)
        {
            _partitions[handle] = new MeteredPartition(flow, partition, silo, plan, worker);
        }

        return handle;
    }

    private static List<Measurement<long>> Observe(Action<MeteredPartition, List<Measurement<long>>> read)
    {
        var measurements = new List<Measurement<long>>();
        lock (_partitions)
        {
            foreach (var partition in _partitions.Values)
            {
                read(partition, measurements);
            }
        }

        return measurements;
    }

    private static List<Measurement<double>> ObserveBackpressure()
    {
        lock (_partitions)
        {
            return _partitions.Values.Select(p => new Measurement<double>(p.Worker.BackpressureSeconds, p.Tags)).ToList();
        }
    }

    private sealed class MeteredPartition(string flow, int partition, string silo, WorkerPlan plan, Worker worker)
    {
        public Worker Worker { get; } = worker;

        public KeyValuePair<string, object?>[] Tags { get; } =
            [DataflowMeters.Flow(flow), new(DataflowMeters.PartitionTag, partition), new(DataflowMeters.SiloTag, silo)];

        public void Steps(List<Measurement<long>> into, Func<StepTraffic, long?> count)
        {
            foreach (var traffic in plan.Traffic)
            {
                if (count(traffic) is { } value)
                {
                    into.Add(new Measurement<long>(value, [.. Tags, new(DataflowMeters.StepTag, traffic.StepId)]));
                }
            }
        }

        public void Counts(List<Measurement<long>> into, StepCountKind kind)
        {
            foreach (var counter in plan.Counters)
            {
                if (counter.Kind == kind)
                {
                    into.Add(new Measurement<long>(counter.Read(), [.. Tags, new(DataflowMeters.StepTag, counter.StepId)]));
                }
            }
        }
    }
}

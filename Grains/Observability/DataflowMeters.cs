using System.Diagnostics.Metrics;

namespace Orleans.Dataflow.Grains.Observability;

/// <summary>The engine's meter <c>Orleans.Dataflow</c> and its flow-level instruments: committed epochs, commit latency, failures and automatic restarts.</summary>
/// <remarks>
/// Every instrument of the project is on this one meter (<see cref="PartitionMeters"/> for what partitions count,
/// <see cref="Exchange.ExchangeMeters"/> for the exchange between silos, and the connectors' own), so a listener or an
/// OpenTelemetry exporter that adds the meter by <see cref="MeterName"/> sees them all. Nothing here is recorded per record:
/// counts are taken per batch by the worker and read by observable instruments when a listener collects.
/// </remarks>
public static class DataflowMeters
{
    /// <summary>The meter's name, the project's.</summary>
    public const string MeterName = "Orleans.Dataflow";

    /// <summary>The tag naming the flow (its id, as the flow defines it).</summary>
    public const string FlowTag = "flow";

    /// <summary>The tag naming the step, as the flow's graph does.</summary>
    public const string StepTag = "step";

    /// <summary>The tag giving the partition's index in its execution.</summary>
    public const string PartitionTag = "partition";

    /// <summary>The tag naming the silo a partition runs on (its address).</summary>
    public const string SiloTag = "silo";

    /// <summary>The tag saying why a flow was started again: <c>failure</c>, <c>frontier_lost</c> or <c>silo_lost</c>.</summary>
    public const string ReasonTag = "reason";

    /// <summary>The <see cref="ReasonTag"/> of a restart after the execution failed.</summary>
    public const string FailureReason = "failure";

    /// <summary>The <see cref="ReasonTag"/> of a restart of a frontier lost with its silo.</summary>
    public const string FrontierLostReason = "frontier_lost";

    /// <summary>The <see cref="ReasonTag"/> of a new attempt after a silo of the execution was lost or handed its partitions over.</summary>
    public const string SiloLostReason = "silo_lost";

    /// <summary>The name of the gauge of the last epoch the recovery store committed, per flow.</summary>
    public const string CommittedEpochName = "dataflow.epoch.committed";

    /// <summary>The name of <see cref="CommitDuration"/>.</summary>
    public const string CommitDurationName = "dataflow.epoch.commit_duration";

    /// <summary>The name of <see cref="Failures"/>.</summary>
    public const string FailuresName = "dataflow.flow.failures";

    /// <summary>The name of <see cref="Restarts"/>.</summary>
    public const string RestartsName = "dataflow.flow.restarts";

    private static readonly Dictionary<object, (string Flow, Func<long> Committed)> _committers = [];

    internal static Meter Meter { get; } = new(MeterName);

    /// <summary>Bucket bounds in seconds for the latency histograms, from a millisecond to a minute: the exporters' default bounds are for milliseconds.</summary>
    internal static InstrumentAdvice<double> LatencyBuckets { get; } = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    };

    /// <summary>Seconds the recovery store took to commit an epoch, per flow: one measurement per commit, on the commit thread.</summary>
    public static Histogram<double> CommitDuration { get; } = Meter.CreateHistogram(CommitDurationName, "s", "seconds the recovery store took to commit an epoch", advice: LatencyBuckets);

    /// <summary>Executions that ended in a failure, per flow (a failed attempt that a restart follows counts too).</summary>
    public static Counter<long> Failures { get; } = Meter.CreateCounter<long>(FailuresName, "{failure}", "executions of a flow that failed");

    /// <summary>Times a flow was started again without being asked, per flow and <see cref="ReasonTag"/>.</summary>
    public static Counter<long> Restarts { get; } = Meter.CreateCounter<long>(RestartsName, "{restart}", "automatic restarts of a flow: after a failure, a lost frontier or a lost silo");

    /// <summary>The gauge of <see cref="CommittedEpochName"/>, read from the commit threads of the executions this silo coordinates.</summary>
    public static ObservableGauge<long> CommittedEpoch { get; } = Meter.CreateObservableGauge(CommittedEpochName, ObserveCommitted, "{epoch}", "the last epoch the recovery store committed");

    /// <summary>Shows <paramref name="committed"/> as <paramref name="flow"/>'s committed epoch until the returned handle is disposed.</summary>
    internal static IDisposable TrackCommits(string flow, Func<long> committed)
    {
        var handle = new Untrack(_committers);
        lock (_committers)
        {
            _committers[handle] = (flow, committed);
        }

        return handle;
    }

    /// <summary>The tag of <paramref name="flow"/>.</summary>
    internal static KeyValuePair<string, object?> Flow(string flow) => new(FlowTag, flow);

    private static List<Measurement<long>> ObserveCommitted()
    {
        lock (_committers)
        {
            return _committers.Values.Select(c => new Measurement<long>(c.Committed(), Flow(c.Flow))).ToList();
        }
    }

    /// <summary>Removes its own entry from a registry of observed objects.</summary>
    internal sealed class Untrack(System.Collections.IDictionary registry) : IDisposable
    {
        public void Dispose()
        {
            lock (registry)
            {
                registry.Remove(this);
            }
        }
    }
}

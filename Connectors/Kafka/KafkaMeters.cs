using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Orleans.Dataflow.Kafka;

/// <summary>The Kafka connectors' instruments, on the engine's meter <c>Orleans.Dataflow</c>: counted per batch, never per record.</summary>
/// <remarks>
/// Counters and the lag carry the tags <c>topic</c> and (lag only) <c>partition</c>. Any
/// <see cref="MeterListener"/> or OpenTelemetry exporter that listens to the meter sees them.
/// </remarks>
public static class KafkaMeters
{
    /// <summary>The meter's name, the engine's own.</summary>
    public const string MeterName = "Orleans.Dataflow";

    /// <summary>The name of <see cref="Consumed"/>, for listeners.</summary>
    public const string ConsumedName = "dataflow.kafka.consumed";

    /// <summary>The name of <see cref="DeserializationErrors"/>, for listeners.</summary>
    public const string DeserializationErrorsName = "dataflow.kafka.deserialization_errors";

    /// <summary>The name of <see cref="ConsumerLag"/>, for listeners.</summary>
    public const string ConsumerLagName = "dataflow.kafka.consumer_lag";

    /// <summary>The name of <see cref="Produced"/>, for listeners.</summary>
    public const string ProducedName = "dataflow.kafka.produced";

    /// <summary>The name of <see cref="Acknowledged"/>, for listeners.</summary>
    public const string AcknowledgedName = "dataflow.kafka.acknowledged";

    private static readonly Meter _meter = new(MeterName);
    private static readonly ConcurrentDictionary<IConsumerLag, byte> _partitions = new();

    /// <summary>Records a source emitted (messages and errors), added once per batch.</summary>
    public static Counter<long> Consumed { get; } = _meter.CreateCounter<long>(ConsumedName, "{record}", "records read by Kafka sources");

    /// <summary>Records a source could not deserialize, whatever its error policy.</summary>
    public static Counter<long> DeserializationErrors { get; } = _meter.CreateCounter<long>(DeserializationErrorsName, "{record}", "records Kafka sources could not deserialize");

    /// <summary>Per open source partition: the partition's high watermark minus the source's position, as of its last batch.</summary>
    /// <remarks>The watermark is the one the client's last fetch brought back; a partition reports nothing before its first fetch.</remarks>
    public static ObservableGauge<long> ConsumerLag { get; } = _meter.CreateObservableGauge(ConsumerLagName, ObserveLag, "{record}", "records in a partition not yet read by its Kafka source");

    /// <summary>Messages a sink handed to its producer, added once per batch.</summary>
    public static Counter<long> Produced { get; } = _meter.CreateCounter<long>(ProducedName, "{message}", "messages Kafka sinks handed to their producers");

    /// <summary>Messages the cluster acknowledged to a sink, added when the sink flushes (at each epoch close).</summary>
    public static Counter<long> Acknowledged { get; } = _meter.CreateCounter<long>(AcknowledgedName, "{message}", "messages the cluster acknowledged to Kafka sinks");

    internal static void Track(IConsumerLag partition) => _partitions.TryAdd(partition, 0);

    internal static void Untrack(IConsumerLag partition) => _partitions.TryRemove(partition, out _);

    private static IEnumerable<Measurement<long>> ObserveLag()
    {
        foreach (var partition in _partitions.Keys)
        {
            if (partition.Lag is { } lag)
            {
                yield return new Measurement<long>(lag, new KeyValuePair<string, object?>("topic", partition.Topic), new KeyValuePair<string, object?>("partition", partition.Partition));
            }
        }
    }
}

namespace Orleans.Dataflow.Kafka;

/// <summary>A record for a <see cref="KafkaSink{TKey,TValue}"/> to write: key, value, and optionally the partition, headers and timestamp.</summary>
/// <typeparam name="TKey">The type of the key, serialized by the sink's key serde.</typeparam>
/// <typeparam name="TValue">The type of the value, serialized by the sink's value serde.</typeparam>
/// <param name="Key">The record's key; the producer's partitioner picks the partition from its bytes unless <see cref="Partition"/> is set.</param>
/// <param name="Value">The record's value.</param>
public sealed record KafkaSinkMessage<TKey, TValue>(TKey Key, TValue Value)
{
    /// <summary>The partition to write to, or null (the default) for the producer's partitioner to pick by key.</summary>
    public int? Partition { get; init; }

    /// <summary>The record's headers, or null for none.</summary>
    public IReadOnlyList<KafkaHeader>? Headers { get; init; }

    /// <summary>The record's timestamp, or null for the time the producer sends it.</summary>
    public DateTimeOffset? Timestamp { get; init; }
}

namespace Orleans.Dataflow.Kafka;

/// <summary>A record a <see cref="KafkaSource{TKey,TValue}"/> read, deserialized, with where it came from.</summary>
/// <typeparam name="TKey">The type the key was deserialized to.</typeparam>
/// <typeparam name="TValue">The type the value was deserialized to.</typeparam>
/// <param name="Topic">The topic the record was read from.</param>
/// <param name="Partition">The topic's partition.</param>
/// <param name="Offset">The record's offset in that partition.</param>
/// <param name="Timestamp">The record's timestamp (UTC), as the producer or the broker set it.</param>
/// <param name="Key">The record's key; what the key serde makes of a null key (null for the built-in serdes).</param>
/// <param name="Value">The record's value; what the value serde makes of a null value (a tombstone).</param>
/// <param name="Headers">The record's headers in their order; empty when it has none.</param>
public sealed record KafkaMessage<TKey, TValue>(
    string Topic,
    int Partition,
    long Offset,
    DateTimeOffset Timestamp,
    TKey? Key,
    TValue? Value,
    IReadOnlyList<KafkaHeader> Headers);

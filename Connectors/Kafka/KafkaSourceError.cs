namespace Orleans.Dataflow.Kafka;

/// <summary>A record a <see cref="KafkaSource{TKey,TValue}"/> could not deserialize, with its raw bytes and what went wrong.</summary>
/// <remarks>
/// With <see cref="KafkaErrorPolicy.ToErrors"/> such a record goes to <see cref="KafkaSourceOut{TKey,TValue}.Errors"/>
/// instead of failing the flow; the source's position still moves past it, so a resumed flow does not read it again.
/// </remarks>
/// <param name="Topic">The topic the record was read from.</param>
/// <param name="Partition">The topic's partition.</param>
/// <param name="Offset">The record's offset in that partition.</param>
/// <param name="Timestamp">The record's timestamp (UTC).</param>
/// <param name="Key">The record's key bytes as read (null for a null key).</param>
/// <param name="Value">The record's value bytes as read (null for a null value).</param>
/// <param name="Error">What failed: which part (key or value) and the serde's message.</param>
public sealed record KafkaSourceError(
    string Topic,
    int Partition,
    long Offset,
    DateTimeOffset Timestamp,
    byte[]? Key,
    byte[]? Value,
    string Error);

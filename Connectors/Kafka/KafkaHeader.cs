namespace Orleans.Dataflow.Kafka;

/// <summary>One header of a Kafka record: a name and raw bytes (null for a header without a value).</summary>
/// <remarks>A record may carry several headers of the same name; their order is kept both ways.</remarks>
/// <param name="Key">The header's name.</param>
/// <param name="Value">The header's bytes, as Kafka stores them.</param>
public sealed record KafkaHeader(string Key, byte[]? Value);

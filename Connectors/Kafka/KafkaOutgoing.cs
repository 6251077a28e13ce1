using Confluent.Kafka;

namespace Orleans.Dataflow.Kafka;

/// <summary>A sink message in Kafka's terms, serialized: what a producer sends and what a transactional sink keeps in its snapshot until Kafka has committed it.</summary>
/// <param name="Key">The key's bytes, or null.</param>
/// <param name="Value">The value's bytes, or null.</param>
/// <param name="Partition">The Kafka partition, or null for the producer's partitioner.</param>
/// <param name="Timestamp">The record's timestamp in Unix milliseconds, or null for the time it is sent.</param>
/// <param name="Headers">The headers in order, or null for none.</param>
internal sealed record KafkaOutgoing(byte[]? Key, byte[]? Value, int? Partition, long? Timestamp, IReadOnlyList<KafkaHeader>? Headers)
{
    /// <summary>Serializes <paramref name="message"/> with the sink's serdes.</summary>
    public static KafkaOutgoing From<TKey, TValue>(KafkaSinkMessage<TKey, TValue> message, KafkaSerde<TKey> keySerde, KafkaSerde<TValue> valueSerde)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new KafkaOutgoing(keySerde.Serialize(message.Key), valueSerde.Serialize(message.Value), message.Partition,
            message.Timestamp?.ToUnixTimeMilliseconds(), message.Headers is { Count: > 0 } headers ? headers : null);
    }

    /// <summary>The Confluent message to produce.</summary>
    public Message<byte[], byte[]> ToMessage()
    {
        var message = new Message<byte[], byte[]> { Key = Key!, Value = Value! };
        if (Headers is { } headers)
        {
            message.Headers = [];
            foreach (var header in headers)
            {
                message.Headers.Add(header.Key, header.Value);
            }
        }

        if (Timestamp is { } timestamp)
        {
            message.Timestamp = new Timestamp(timestamp, TimestampType.CreateTime);
        }

        return message;
    }
}

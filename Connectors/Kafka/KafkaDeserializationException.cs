namespace Orleans.Dataflow.Kafka;

/// <summary>A record's key or value could not be deserialized: under <see cref="KafkaErrorPolicy.Fail"/> the flow fails with this error.</summary>
/// <remarks>The serde's exception is the inner exception; the message names the topic, partition, offset and the part that failed.</remarks>
public sealed class KafkaDeserializationException : Exception
{
    /// <summary>Creates the error for the record at <paramref name="offset"/> of <paramref name="topic"/>'s partition <paramref name="partition"/>.</summary>
    /// <param name="topic">The record's topic.</param>
    /// <param name="partition">The record's partition.</param>
    /// <param name="offset">The record's offset.</param>
    /// <param name="error">Which part failed and why, as in <see cref="KafkaSourceError.Error"/>.</param>
    /// <param name="cause">The serde's exception.</param>
    public KafkaDeserializationException(string topic, int partition, long offset, string error, Exception cause)
        : base($"cannot deserialize the record at topic '{topic}' partition {partition} offset {offset}: {error}", cause)
    {
        Topic = topic;
        Partition = partition;
        Offset = offset;
    }

    /// <summary>The record's topic.</summary>
    public string Topic { get; }

    /// <summary>The record's partition.</summary>
    public int Partition { get; }

    /// <summary>The record's offset.</summary>
    public long Offset { get; }
}

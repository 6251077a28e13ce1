namespace Orleans.Dataflow.Kafka;

/// <summary>What a <see cref="KafkaSource{TKey,TValue}"/> does with a record its key or value serde cannot read.</summary>
/// <remarks>Never silently drop: either the flow stops on it, or it goes, with its raw bytes, to a stream the flow handles.</remarks>
public enum KafkaErrorPolicy
{
    /// <summary>The default: the flow fails with a <see cref="KafkaDeserializationException"/> naming the topic, partition, offset and error.</summary>
    Fail,

    /// <summary>The record goes to <see cref="KafkaSourceOut{TKey,TValue}.Errors"/> as a <see cref="KafkaSourceError"/>, and reading goes on.</summary>
    ToErrors,
}

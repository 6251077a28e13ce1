namespace Orleans.Dataflow.Kafka;

/// <summary>Turns the keys or values of a flow into the bytes of Kafka records and back.</summary>
/// <remarks>
/// <see cref="KafkaSerdes"/> has the built-in ones: raw bytes, UTF-8 strings and JSON. Implementations must be
/// thread-safe: one instance serves every partition of a source or sink, on several worker threads.
/// </remarks>
/// <typeparam name="T">The type of the keys or values in the flow.</typeparam>
public abstract class KafkaSerde<T>
{
    /// <summary>The bytes Kafka stores for <paramref name="value"/>; null stores a null key or value (a tombstone).</summary>
    /// <exception cref="Exception">Any exception fails the sink's batch, and with it the flow.</exception>
    public abstract byte[]? Serialize(T value);

    /// <summary>The value that <paramref name="data"/> holds; <paramref name="data"/> is null for a null key or value.</summary>
    /// <remarks>
    /// Throw for bytes that do not hold a <typeparamref name="T"/>: a source fails the flow or routes the record to its
    /// errors stream (<see cref="KafkaSourceOptions.ErrorPolicy"/>), naming the exception's message.
    /// </remarks>
    public abstract T Deserialize(byte[]? data);
}

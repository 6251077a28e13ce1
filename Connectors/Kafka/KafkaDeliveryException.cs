using Confluent.Kafka;

namespace Orleans.Dataflow.Kafka;

/// <summary>Kafka did not acknowledge a message a <see cref="KafkaSink{TKey,TValue}"/> wrote: the flow fails with this error, and the epoch does not commit.</summary>
/// <remarks>The message names the topic and Kafka's error; the messages of the failed epoch are written again when the flow resumes (at-least-once).</remarks>
public sealed class KafkaDeliveryException : Exception
{
    /// <summary>Creates the error for a message to <paramref name="topic"/> that Kafka refused with <paramref name="error"/>.</summary>
    /// <param name="topic">The topic written to.</param>
    /// <param name="error">Kafka's error, with its code.</param>
    /// <param name="message">What failed, naming the topic and the error.</param>
    public KafkaDeliveryException(string topic, ErrorCode error, string message)
        : base(message)
    {
        Topic = topic;
        Error = error;
    }

    /// <summary>The topic written to.</summary>
    public string Topic { get; }

    /// <summary>Kafka's error code; <see cref="ErrorCode.Local_TimedOut"/> when messages were still unacknowledged at the flush timeout.</summary>
    public ErrorCode Error { get; }
}

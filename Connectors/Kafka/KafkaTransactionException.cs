using Confluent.Kafka;

namespace Orleans.Dataflow.Kafka;

/// <summary>A transactional <see cref="KafkaSink{TKey,TValue}"/> could not begin, commit or abort a Kafka transaction, or was fenced by a newer producer with its <c>transactional.id</c>: the flow fails with this error.</summary>
/// <remarks>
/// Fenced (<see cref="Fenced"/>) means another instance of this sink partition started with the same transactional id — the
/// flow runs twice, or a silo thought dead still runs: this one must stop, and its open transaction is aborted by Kafka.
/// </remarks>
public sealed class KafkaTransactionException : Exception
{
    /// <summary>Creates the error for the producer <paramref name="transactionalId"/> writing <paramref name="topic"/>.</summary>
    /// <param name="topic">The topic written to.</param>
    /// <param name="transactionalId">The producer's <c>transactional.id</c>.</param>
    /// <param name="error">Kafka's error code.</param>
    /// <param name="fenced">Whether a newer producer with the same transactional id fenced this one.</param>
    /// <param name="message">What failed, naming the topic, the transactional id and Kafka's error.</param>
    /// <param name="inner">Confluent's exception.</param>
    public KafkaTransactionException(string topic, string transactionalId, ErrorCode error, bool fenced, string message, Exception? inner = null)
        : base(message, inner)
    {
        Topic = topic;
        TransactionalId = transactionalId;
        Error = error;
        Fenced = fenced;
    }

    /// <summary>The topic written to.</summary>
    public string Topic { get; }

    /// <summary>The producer's <c>transactional.id</c>.</summary>
    public string TransactionalId { get; }

    /// <summary>Kafka's error code.</summary>
    public ErrorCode Error { get; }

    /// <summary>Whether a newer producer with the same transactional id fenced this one.</summary>
    public bool Fenced { get; }
}

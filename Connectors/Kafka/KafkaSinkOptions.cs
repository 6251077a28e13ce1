namespace Orleans.Dataflow.Kafka;

/// <summary>How a <see cref="KafkaSink{TKey,TValue}"/> connects, what it writes to, and how long Kafka has to acknowledge.</summary>
/// <remarks>Only <see cref="BootstrapServers"/> and <see cref="Topic"/> are required.</remarks>
public sealed record KafkaSinkOptions
{
    /// <summary>The cluster's addresses (<c>host:port,host:port</c>), librdkafka's <c>bootstrap.servers</c>.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>The topic every message is written to; it must exist.</summary>
    public required string Topic { get; init; }

    /// <summary>How many sink partitions, each with a producer of its own, share the writing; 1 by default.</summary>
    /// <remarks>
    /// The sink partitions are spread over the flow's workers; a message goes to the one its stream key picks (with
    /// <see cref="KafkaOutputExtensions.KafkaOutput{TKey,TValue}"/>, the Kafka key), so the messages of one key keep their
    /// order. The count must stay the same across resumes of a flow, as the partitions' names hold it.
    /// </remarks>
    public int Producers { get; init; } = 1;

    /// <summary>How long a message may wait for Kafka's acknowledgment, retries included, before its delivery fails; 30 s by default (librdkafka's <c>message.timeout.ms</c>).</summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the producer waits to fill a request before sending it; 5 ms by default (librdkafka's <c>linger.ms</c>), shorter than <see cref="DeliveryTimeout"/>.</summary>
    /// <remarks>An epoch close does not wait for it: the snapshot flushes what is waiting.</remarks>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Whether each sink partition writes through a Kafka transaction per epoch, committed only once the recovery store has committed the epoch: exactly-once output for consumers that read committed records; false by default (at-least-once).</summary>
    /// <remarks>
    /// Each sink partition gets a stable <c>transactional.id</c>, <c>{prefix}/{step}/{topic}/producer-i</c> (the prefix is
    /// <see cref="TransactionalIdPrefix"/>, or the flow's id), so that a restarted partition fences the one before it.
    /// Messages of an epoch become visible to <c>read_committed</c> consumers when the epoch commits in the store, not
    /// before; snapshots hold the messages of each epoch until Kafka has committed them. Use
    /// <see cref="KafkaOutputExtensions.KafkaOutput{TKey,TValue}"/> (it tells the sink the flow's id) or set the prefix.
    /// </remarks>
    public bool Transactional { get; init; }

    /// <summary>What the transactional ids of a transactional sink start with; null (the default) for the flow's id.</summary>
    /// <remarks>Must be unique to the flow among everything writing to the cluster, and the same across its restarts: a second flow with the same ids fences the first.</remarks>
    public string? TransactionalIdPrefix { get; init; }

    /// <summary>How long Kafka lets a transaction stay open before it aborts it; 60 s by default (librdkafka's <c>transaction.timeout.ms</c>), at least <see cref="DeliveryTimeout"/>.</summary>
    /// <remarks>A transaction stays open from its first message until its epoch commits in the store: make this longer than the epoch interval plus the store's commit time, and within the broker's <c>transaction.max.timeout.ms</c>.</remarks>
    public TimeSpan TransactionTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>More librdkafka producer settings (security, compression, partitioner...); applied before the sink's own, which they cannot override.</summary>
    /// <remarks>The sink sets <c>bootstrap.servers</c>, <c>enable.idempotence</c>, <c>acks</c>, <c>message.timeout.ms</c> and <c>linger.ms</c> itself, and when transactional <c>transactional.id</c> and <c>transaction.timeout.ms</c>.</remarks>
    public IReadOnlyDictionary<string, string>? Config { get; init; }

    /// <summary>Checks the settings; the sink's constructor calls it.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            throw new ArgumentException("KafkaSinkOptions.BootstrapServers is empty: give the cluster's host:port addresses", nameof(BootstrapServers));
        }

        if (string.IsNullOrWhiteSpace(Topic))
        {
            throw new ArgumentException("KafkaSinkOptions.Topic is empty: name the topic to write to", nameof(Topic));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Producers, nameof(Producers));
        ArgumentOutOfRangeException.ThrowIfLessThan(DeliveryTimeout, TimeSpan.FromMilliseconds(1), nameof(DeliveryTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(Linger, TimeSpan.Zero, nameof(Linger));
        if (Linger >= DeliveryTimeout)
        {
            throw new ArgumentException($"KafkaSinkOptions.Linger ({Linger}) must be shorter than DeliveryTimeout ({DeliveryTimeout}): a message must have time to be sent after waiting", nameof(Linger));
        }

        if (Transactional && TransactionTimeout < DeliveryTimeout)
        {
            throw new ArgumentException($"KafkaSinkOptions.TransactionTimeout ({TransactionTimeout}) must be at least DeliveryTimeout ({DeliveryTimeout}): librdkafka refuses a message timeout longer than the transaction's", nameof(TransactionTimeout));
        }

        if (TransactionalIdPrefix is { } prefix && string.IsNullOrWhiteSpace(prefix))
        {
            throw new ArgumentException("KafkaSinkOptions.TransactionalIdPrefix is blank: leave it null for the flow's id, or name the flow", nameof(TransactionalIdPrefix));
        }
    }
}

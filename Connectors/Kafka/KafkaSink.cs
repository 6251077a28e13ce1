using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Kafka;

/// <summary>Writes messages to a Kafka topic with idempotent producers; an epoch commits only once Kafka acknowledged every message of it.</summary>
/// <remarks>
/// <para>
/// <b>Partitions:</b> <see cref="KafkaSinkOptions.Producers"/> sink partitions named <c>topic/producer-i</c>, each with
/// its own idempotent producer (<c>acks=all</c>), spread over the workers; the stream's key picks the sink partition,
/// and the message's own <see cref="KafkaSinkMessage{TKey,TValue}.Partition"/>, or else the producer's partitioner over
/// the key's bytes, picks the Kafka partition. Use <see cref="KafkaOutputExtensions.KafkaOutput{TKey,TValue}"/> to key
/// the stream by the Kafka key.
/// </para>
/// <para>
/// <b>At epoch close:</b> the partition's snapshot flushes its producer and waits until every message is acknowledged
/// (up to <see cref="KafkaSinkOptions.DeliveryTimeout"/>), so an epoch the recovery store commits has all of its output in
/// Kafka: at-least-once, nothing lost; a resumed flow writes again what followed the last commit. Without a recovery
/// store there is no snapshot and the producer is flushed when the run ends.
/// </para>
/// <para>
/// <b>Transactional</b> (<see cref="KafkaSinkOptions.Transactional"/>): each partition writes an epoch's messages in a
/// Kafka transaction that it flushes at epoch close and commits only when the recovery store has committed the epoch
/// (without a store, at the epoch's close), so a <c>read_committed</c> consumer sees each epoch's output once: a resumed
/// flow's producer fences its predecessor, whose open transaction Kafka aborts (the flow replays those epochs), and
/// sends again from its snapshot what the store committed and Kafka did not.
/// </para>
/// <para>
/// <b>Errors:</b> a message Kafka refuses, or does not acknowledge in time, fails the flow with a
/// <see cref="KafkaDeliveryException"/> naming the topic and Kafka's error, raised by the next batch, snapshot or close;
/// a transaction that cannot begin or commit, or a producer fenced by another with its transactional id, with a
/// <see cref="KafkaTransactionException"/> naming the topic and the transactional id.
/// </para>
/// <para>The snapshot (<see cref="KafkaSinkState"/>) is the count of messages the partition had acknowledged, across
/// resumes, and when transactional the messages of the closed epochs Kafka had not committed yet.</para>
/// </remarks>
/// <typeparam name="TKey">The type of the keys.</typeparam>
/// <typeparam name="TValue">The type of the values.</typeparam>
public sealed class KafkaSink<TKey, TValue> : FixedPartitionedSink<KafkaSinkMessage<TKey, TValue>, KafkaSinkState>
{
    private readonly KafkaSinkOptions _options;
    private readonly KafkaSerde<TKey> _keySerde;
    private readonly KafkaSerde<TValue> _valueSerde;
    private readonly IReadOnlyList<string> _parts;
    private string? _flowId;

    /// <summary>Creates a sink writing to <paramref name="options"/>' topic, keys through <paramref name="keySerde"/> and values through <paramref name="valueSerde"/>.</summary>
    /// <remarks>Nothing connects here: producers are created when the flow starts.</remarks>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public KafkaSink(KafkaSinkOptions options, KafkaSerde<TKey> keySerde, KafkaSerde<TValue> valueSerde)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keySerde);
        ArgumentNullException.ThrowIfNull(valueSerde);
        options.Validate();
        _options = options;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
        _parts = Enumerable.Range(0, options.Producers).Select(i => $"{options.Topic}/producer-{i}").ToList();
        CreateProducer = transactionalId => new KafkaTransactionalProducer(_options, transactionalId);
    }

    /// <summary>The sink's settings.</summary>
    public KafkaSinkOptions Options => _options;

    /// <summary>The key serde, which <see cref="KafkaOutputExtensions.KafkaOutput{TKey,TValue}"/> also uses to route messages by their key's bytes.</summary>
    public KafkaSerde<TKey> KeySerde => _keySerde;

    /// <summary>Makes the transactional producers, by transactional id; the Confluent one unless a test puts a recording one in.</summary>
    internal Func<string, ITransactionalProducer> CreateProducer { get; set; }

    /// <summary>The transactional id of partition <paramref name="forPart"/> of step <paramref name="stepId"/>: <c>{prefix}/{step}/{partition}</c>.</summary>
    /// <exception cref="InvalidOperationException">Neither <see cref="KafkaSinkOptions.TransactionalIdPrefix"/> nor the flow's id is known.</exception>
    internal string TransactionalIdOf(string stepId, string forPart)
    {
        var prefix = _options.TransactionalIdPrefix ?? _flowId
            ?? throw new InvalidOperationException($"the transactional Kafka sink of step '{stepId}' does not know its flow: write to it with KafkaOutput, or set KafkaSinkOptions.TransactionalIdPrefix");
        return $"{prefix}/{stepId}/{forPart}";
    }

    /// <summary>Tells the sink the id of the flow it writes for, the default prefix of its transactional ids; <see cref="KafkaOutputExtensions.KafkaOutput{TKey,TValue}"/> calls it.</summary>
    internal void WritesFor(string flowId) => _flowId = flowId;

    /// <inheritdoc/>
    /// <remarks>A <see cref="KafkaSinkState"/> in the format of <see cref="KafkaSinkStateSerde"/>.</remarks>
    protected override Serialization.ISerde<KafkaSinkState> StateSerde => KafkaSinkStateSerde.Instance;

    /// <inheritdoc/>
    /// <remarks><c>topic/producer-0</c> to <c>topic/producer-(n-1)</c> for <see cref="KafkaSinkOptions.Producers"/> = n.</remarks>
    public override IReadOnlyList<string> ListParts() => _parts;

    /// <inheritdoc/>
    /// <remarks>
    /// Creates the partition's idempotent producer; it connects on its first message. A transactional one connects at
    /// once: it registers its transactional id (fencing the partition's previous producer) and sends again the epochs of
    /// <paramref name="resumeState"/> that Kafka has not committed.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="forPart"/> is not one of this sink's partitions (the producer count or topic changed).</exception>
    public override StatefulSinkPartition<KafkaSinkMessage<TKey, TValue>, KafkaSinkState> BuildPart(string stepId, string forPart, KafkaSinkState? resumeState)
    {
        if (!_parts.Contains(forPart, StringComparer.Ordinal))
        {
            throw new ArgumentException($"can't resume sink partition `{forPart}`: this sink writes topic '{_options.Topic}' with {_options.Producers} producer(s)", nameof(forPart));
        }

        if (_options.Transactional)
        {
            return new KafkaTransactionalSinkPartition<TKey, TValue>(_options, _keySerde, _valueSerde, CreateProducer(TransactionalIdOf(stepId, forPart)), resumeState);
        }

        return new KafkaSinkPartition<TKey, TValue>(_options, _keySerde, _valueSerde, resumeState?.Acknowledged ?? 0);
    }
}

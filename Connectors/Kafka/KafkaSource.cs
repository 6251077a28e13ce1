using Confluent.Kafka;
using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Kafka;

/// <summary>Reads Kafka topics as a fixed-partitioned source: one source partition per topic-partition, its offset kept in the flow's snapshots.</summary>
/// <remarks>
/// <para>
/// <b>Partitions:</b> when the flow starts, the source asks the cluster for every partition of
/// <see cref="KafkaSourceOptions.Topics"/> and lists them as <c>topic/partition</c>; the engine spreads them over the
/// workers. Each is read by its own consumer, assigned to it by hand (no group rebalancing: the flow decides who reads
/// what).
/// </para>
/// <para>
/// <b>Position:</b> a partition's snapshot is the offset after the last record it emitted. A resumed flow assigns each
/// partition from its snapshot, so state and input positions are restored together: with a recovery store, a record
/// is neither skipped nor counted twice by the flow's state. Without a snapshot a partition starts at
/// <see cref="KafkaSourceOptions.StartOffset"/>, resolved to a concrete offset when the partition opens.
/// </para>
/// <para>
/// <b>Batches:</b> each poll takes what the consumer has already fetched, up to <see cref="KafkaSourceOptions.BatchSize"/>
/// records or <see cref="KafkaSourceOptions.BatchTime"/>; the worker thread never waits on the network. A partition that
/// found nothing comes back after <see cref="KafkaSourceOptions.IdleWait"/>. With <see cref="KafkaSourceOptions.Tail"/>
/// off, a partition ends at the end of the partition it reaches.
/// </para>
/// <para>
/// <b>Errors:</b> a record whose key or value the serde cannot read fails the flow
/// (<see cref="KafkaDeserializationException"/>) or, with <see cref="KafkaErrorPolicy.ToErrors"/>, is emitted as a
/// <see cref="KafkaSourceError"/>; <see cref="KafkaInputExtensions.KafkaInput{TKey,TValue}"/> splits the two. A cluster
/// that does not answer within <see cref="KafkaSourceOptions.ConnectTimeout"/> fails the flow with a
/// <see cref="KafkaConnectionException"/>; a fatal consumer error fails it with a <see cref="KafkaException"/>; brokers
/// that go away for a while only stall the partitions they lead.
/// </para>
/// </remarks>
/// <typeparam name="TKey">The type keys are deserialized to.</typeparam>
/// <typeparam name="TValue">The type values are deserialized to.</typeparam>
public sealed class KafkaSource<TKey, TValue> : FixedPartitionedSource<KafkaSourceItem<TKey, TValue>, long?>
{
    private readonly KafkaSourceOptions _options;
    private readonly KafkaSerde<TKey> _keySerde;
    private readonly KafkaSerde<TValue> _valueSerde;

    /// <summary>Creates a source reading <paramref name="options"/>' topics, keys through <paramref name="keySerde"/> and values through <paramref name="valueSerde"/>.</summary>
    /// <remarks>Nothing connects here: the cluster is first asked when the flow starts.</remarks>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public KafkaSource(KafkaSourceOptions options, KafkaSerde<TKey> keySerde, KafkaSerde<TValue> valueSerde)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keySerde);
        ArgumentNullException.ThrowIfNull(valueSerde);
        options.Validate();
        _options = options;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
    }

    /// <summary>The source's settings.</summary>
    public KafkaSourceOptions Options => _options;

    /// <inheritdoc/>
    /// <remarks>Asks the cluster for each topic's partitions; <c>topic/partition</c> for each, topics in the order given.</remarks>
    /// <exception cref="KafkaConnectionException">The cluster did not answer within <see cref="KafkaSourceOptions.ConnectTimeout"/>, or reported a topic as missing or in error.</exception>
    public override IReadOnlyList<string> ListParts()
    {
        var config = new AdminClientConfig(KafkaConfig.Merge(_options.Config, _options.BootstrapServers));
        using var admin = new AdminClientBuilder(config).Build();
        var parts = new List<string>();
        foreach (var topic in _options.Topics)
        {
            TopicMetadata metadata;
            try
            {
                metadata = admin.GetMetadata(topic, _options.ConnectTimeout).Topics.Single(t => t.Topic == topic);
            }
            catch (KafkaException e)
            {
                throw new KafkaConnectionException(_options.BootstrapServers,
                    $"cannot list the partitions of topic '{topic}' from Kafka at `{_options.BootstrapServers}` within {_options.ConnectTimeout}: {e.Error.Reason} ({e.Error.Code})", e);
            }

            if (metadata.Error.IsError || metadata.Partitions.Count == 0)
            {
                var why = metadata.Error.IsError ? $"{metadata.Error.Reason} ({metadata.Error.Code})" : "it has no partitions";
                throw new KafkaConnectionException(_options.BootstrapServers, $"cannot read topic '{topic}' from Kafka at `{_options.BootstrapServers}`: {why}");
            }

            parts.AddRange(metadata.Partitions.Select(p => p.PartitionId).Order().Select(p => KafkaPartitionNames.Format(topic, p)));
        }

        return parts;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Creates the partition's consumer and assigns it at <paramref name="resumeState"/>, or, when null (first start), at
    /// the offset <see cref="KafkaSourceOptions.StartOffset"/> resolves to now.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="forPart"/> is not a partition of this source's topics.</exception>
    /// <exception cref="KafkaConnectionException">The start offset could not be looked up within <see cref="KafkaSourceOptions.ConnectTimeout"/>.</exception>
    public override StatefulSourcePartition<KafkaSourceItem<TKey, TValue>, long?> BuildPart(string stepId, string forPart, long? resumeState)
    {
        var (topic, partition) = KafkaPartitionNames.Parse(forPart);
        if (!_options.Topics.Contains(topic, StringComparer.Ordinal))
        {
            throw new ArgumentException($"can't resume partition `{forPart}`: this source reads topics {string.Join(", ", _options.Topics.Select(t => $"'{t}'"))}", nameof(forPart));
        }

        return new KafkaSourcePartition<TKey, TValue>(_options, _keySerde, _valueSerde, new TopicPartition(topic, partition), resumeState);
    }
}

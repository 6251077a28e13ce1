using System.Globalization;
using Confluent.Kafka;

namespace Orleans.Dataflow.Kafka;

/// <summary>A transactional Confluent producer for one sink partition, with the committed epoch kept as the offset of a consumer group named after its transactional id.</summary>
/// <remarks>
/// The mark is the offset <c>epoch + 1</c> of partition 0 of the topic, sent with each commit through
/// <c>SendOffsetsToTransaction</c>, so Kafka stores it atomically with the transaction's messages; no consumer ever joins
/// that group. Delivery reports arrive on the producer's own thread; the first failure is thrown by the next
/// <see cref="Flush"/>.
/// </remarks>
internal sealed class KafkaTransactionalProducer : ITransactionalProducer
{
    // What a flush may wait beyond the delivery timeout: librdkafka reports a timed-out message only at its next scan.
    private static readonly TimeSpan _flushMargin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _queueFullWait = TimeSpan.FromMilliseconds(100);
    private readonly KafkaSinkOptions _options;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly Action<DeliveryReport<byte[], byte[]>> _onDelivery;
    private readonly TopicPartition _markPartition;
    private IConsumerGroupMetadata? _markGroup;
    private KafkaDeliveryException? _failure;

    public KafkaTransactionalProducer(KafkaSinkOptions options, string transactionalId)
    {
        _options = options;
        TransactionalId = transactionalId;
        _markPartition = new TopicPartition(options.Topic, 0);
        var config = KafkaConfig.Merge(options.Config, options.BootstrapServers);
        config["transactional.id"] = transactionalId;
        config["enable.idempotence"] = "true";
        config["acks"] = "all";
        config["message.timeout.ms"] = Milliseconds(options.DeliveryTimeout);
        config["transaction.timeout.ms"] = Milliseconds(options.TransactionTimeout);
        config["linger.ms"] = options.Linger.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
        _producer = new ProducerBuilder<byte[], byte[]>(config)
            .SetKeySerializer(Serializers.ByteArray)
            .SetValueSerializer(Serializers.ByteArray)
            .Build();
        _onDelivery = OnDelivery;
    }

    public string TransactionalId { get; }

    private TimeSpan CallTimeout => _options.DeliveryTimeout + _flushMargin;

    public long InitTransactions()
    {
        _producer.InitTransactions(CallTimeout);
        var config = KafkaConfig.Merge(_options.Config, _options.BootstrapServers);
        config["group.id"] = TransactionalId;
        config["enable.auto.commit"] = "false";
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        _markGroup = consumer.ConsumerGroupMetadata;
        var committed = consumer.Committed([_markPartition], CallTimeout);
        var offset = committed.Count == 1 ? committed[0].Offset.Value : Offset.Unset.Value;
        return offset > 0 ? offset - 1 : -1;
    }

    public void BeginTransaction() => _producer.BeginTransaction();

    public void Produce(KafkaOutgoing message)
    {
        ThrowIfFailed();
        var kafka = message.ToMessage();
        while (true)
        {
            try
            {
                if (message.Partition is { } partition)
                {
                    _producer.Produce(new TopicPartition(_options.Topic, partition), kafka, _onDelivery);
                }
                else
                {
                    _producer.Produce(_options.Topic, kafka, _onDelivery);
                }

                return;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The producer's queue is full: let deliveries drain it, which is the sink's backpressure.
                _producer.Flush(_queueFullWait);
                ThrowIfFailed();
            }
            catch (ProduceException<byte[], byte[]> e)
            {
                throw new KafkaDeliveryException(_options.Topic, e.Error.Code, $"cannot write to topic '{_options.Topic}' in transaction '{TransactionalId}': {e.Error.Reason} ({e.Error.Code})");
            }
        }
    }

    public void Flush()
    {
        var left = _producer.Flush(CallTimeout);
        ThrowIfFailed();
        if (left > 0)
        {
            throw new KafkaDeliveryException(_options.Topic, ErrorCode.Local_TimedOut, $"{left} message(s) to topic '{_options.Topic}' were not acknowledged within {CallTimeout}");
        }
    }

    public void CommitTransaction(long lastEpoch)
    {
        _producer.SendOffsetsToTransaction([new TopicPartitionOffset(_markPartition, new Offset(lastEpoch + 1))],
            _markGroup ?? throw new InvalidOperationException("InitTransactions must come first"), CallTimeout);
        _producer.CommitTransaction(CallTimeout);
    }

    public void AbortTransaction() => _producer.AbortTransaction(CallTimeout);

    public void Dispose() => _producer.Dispose();

    private static string Milliseconds(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private void OnDelivery(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.CompareExchange(ref _failure, new KafkaDeliveryException(_options.Topic, report.Error.Code,
                $"Kafka did not take a message for topic '{_options.Topic}' partition {report.Partition.Value} in transaction '{TransactionalId}': {report.Error.Reason} ({report.Error.Code})"), null);
        }
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw failure;
        }
    }
}

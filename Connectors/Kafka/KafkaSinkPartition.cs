using Confluent.Kafka;
using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Kafka;

/// <summary>One producer of a <see cref="KafkaSink{TKey,TValue}"/>: writes batches asynchronously and flushes at each snapshot.</summary>
/// <remarks>
/// Delivery reports arrive on the producer's own thread; the first failure is kept and thrown on the worker thread by
/// the next batch, snapshot or close, once.
/// </remarks>
internal sealed class KafkaSinkPartition<TKey, TValue> : StatefulSinkPartition<KafkaSinkMessage<TKey, TValue>, KafkaSinkState>
{
    // What a flush may wait beyond the delivery timeout: librdkafka reports a timed-out message only at its next scan.
    private static readonly TimeSpan _flushMargin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _queueFullWait = TimeSpan.FromMilliseconds(100);
    private readonly KafkaSinkOptions _options;
    private readonly KafkaSerde<TKey> _keySerde;
    private readonly KafkaSerde<TValue> _valueSerde;
    private readonly long _resumed;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly Action<DeliveryReport<byte[], byte[]>> _onDelivery;
    private readonly KeyValuePair<string, object?> _topicTag;
    private long _acknowledged;
    private long _acknowledgedReported;
    private KafkaDeliveryException? _failure;
    private bool _failureThrown;

    public KafkaSinkPartition(KafkaSinkOptions options, KafkaSerde<TKey> keySerde, KafkaSerde<TValue> valueSerde, long resumed)
    {
        _options = options;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
        _resumed = resumed;
        _topicTag = new("topic", options.Topic);
        var config = KafkaConfig.Merge(options.Config, options.BootstrapServers);
        config["enable.idempotence"] = "true";
        config["acks"] = "all";
        config["message.timeout.ms"] = ((long)options.DeliveryTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        config["linger.ms"] = options.Linger.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _producer = new ProducerBuilder<byte[], byte[]>(config)
            .SetKeySerializer(Serializers.ByteArray)
            .SetValueSerializer(Serializers.ByteArray)
            .SetErrorHandler((_, error) =>
            {
                // Transient errors are retried by the client until the delivery timeout; a fatal one (idempotence broken) ends the producer.
                if (error.IsFatal)
                {
                    Fail(new KafkaDeliveryException(_options.Topic, error.Code, $"the producer for topic '{_options.Topic}' failed: {error.Reason} ({error.Code})"));
                }
            })
            .Build();
        _onDelivery = OnDelivery;
    }

    public override void WriteBatch(IReadOnlyList<KafkaSinkMessage<TKey, TValue>> values)
    {
        ThrowIfFailed();
        foreach (var value in values)
        {
            var outgoing = KafkaOutgoing.From(value, _keySerde, _valueSerde);
            var message = outgoing.ToMessage();
            while (true)
            {
                try
                {
                    if (outgoing.Partition is { } partition)
                    {
                        _producer.Produce(new TopicPartition(_options.Topic, partition), message, _onDelivery);
                    }
                    else
                    {
                        _producer.Produce(_options.Topic, message, _onDelivery);
                    }

                    break;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    // The producer's queue is full: let deliveries drain it, which is the sink's backpressure.
                    _producer.Flush(_queueFullWait);
                    ThrowIfFailed();
                }
                catch (ProduceException<byte[], byte[]> e)
                {
                    throw Thrown(new KafkaDeliveryException(_options.Topic, e.Error.Code, $"cannot write to topic '{_options.Topic}': {e.Error.Reason} ({e.Error.Code})"));
                }
            }
        }

        KafkaMeters.Produced.Add(values.Count, _topicTag);
    }

    public override KafkaSinkState Snapshot()
    {
        Flush();
        ThrowIfFailed();
        return new KafkaSinkState(_resumed + Interlocked.Read(ref _acknowledged), []);
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        try
        {
            // Without a recovery store no snapshot ever flushed: what the run wrote must still reach Kafka, or the run fail.
            if (_failure is null)
            {
                Flush();
            }

            ThrowIfFailed();
        }
        finally
        {
            _producer.Dispose();
        }
    }

    private void Flush()
    {
        var timeout = _options.DeliveryTimeout + _flushMargin;
        var left = _producer.Flush(timeout);
        ReportAcknowledged();
        if (left > 0)
        {
            Fail(new KafkaDeliveryException(_options.Topic, ErrorCode.Local_TimedOut, $"{left} message(s) to topic '{_options.Topic}' were not acknowledged within {timeout}"));
        }
    }

    private void ReportAcknowledged()
    {
        var acknowledged = Interlocked.Read(ref _acknowledged);
        KafkaMeters.Acknowledged.Add(acknowledged - _acknowledgedReported, _topicTag);
        _acknowledgedReported = acknowledged;
    }

    private void OnDelivery(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            Fail(new KafkaDeliveryException(_options.Topic, report.Error.Code,
                $"Kafka did not take a message for topic '{_options.Topic}' partition {report.Partition.Value}: {report.Error.Reason} ({report.Error.Code})"));
            return;
        }

        Interlocked.Increment(ref _acknowledged);
    }

    private void Fail(KafkaDeliveryException failure) => Interlocked.CompareExchange(ref _failure, failure, null);

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure && !_failureThrown)
        {
            throw Thrown(failure);
        }
    }

    private KafkaDeliveryException Thrown(KafkaDeliveryException failure)
    {
        Fail(failure);
        _failureThrown = true;
        return failure;
    }
}

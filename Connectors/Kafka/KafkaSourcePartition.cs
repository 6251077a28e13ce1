using System.Diagnostics;
using Confluent.Kafka;
using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Kafka;

/// <summary>One topic-partition of a <see cref="KafkaSource{TKey,TValue}"/>: a consumer assigned to it by hand, and the offset after the last record emitted.</summary>
/// <remarks>Used by its worker thread only, but for <see cref="Lag"/>, which the meter reads from its own thread.</remarks>
internal sealed class KafkaSourcePartition<TKey, TValue> : StatefulSourcePartition<KafkaSourceItem<TKey, TValue>, long?>, IConsumerLag
{
    private static readonly IReadOnlyList<KafkaHeader> _noHeaders = [];
    private static readonly TimeSpan _lookupRetry = TimeSpan.FromMilliseconds(100);
    private readonly KafkaSourceOptions _options;
    private readonly KafkaSerde<TKey> _keySerde;
    private readonly KafkaSerde<TValue> _valueSerde;
    private readonly TopicPartition _partition;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly KeyValuePair<string, object?> _topicTag;
    private long _next;
    private long _lag = -1;
    private DateTimeOffset? _awake;
    private Error? _fatal;

    public KafkaSourcePartition(KafkaSourceOptions options, KafkaSerde<TKey> keySerde, KafkaSerde<TValue> valueSerde, TopicPartition partition, long? resume)
    {
        _options = options;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
        _partition = partition;
        _topicTag = new("topic", partition.Topic);
        var config = KafkaConfig.Merge(options.Config, options.BootstrapServers);
        config["group.id"] = options.GroupId ?? "orleans-dataflow";
        config["enable.auto.commit"] = options.CommitOffsets ? "true" : "false";
        // Offsets are stored by hand after each batch, so that a commit never covers a record not yet emitted.
        config["enable.auto.offset.store"] = "false";
        config["enable.partition.eof"] = options.Tail ? "false" : "true";
        _consumer = new ConsumerBuilder<byte[], byte[]>(config)
            .SetKeyDeserializer(Deserializers.ByteArray)
            .SetValueDeserializer(Deserializers.ByteArray)
            // Transient errors (a broker away for a while) are retried by the client; only a fatal one ends the partition.
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal)
                {
                    Volatile.Write(ref _fatal, error);
                }
            })
            .Build();
        try
        {
            _next = resume ?? StartOffset();
            _consumer.Assign(new TopicPartitionOffset(partition, _next));
        }
        catch
        {
            _consumer.Dispose();
            throw;
        }

        KafkaMeters.Track(this);
    }

    public string Topic => _partition.Topic;

    public int Partition => _partition.Partition.Value;

    public long? Lag => Volatile.Read(ref _lag) is var lag and >= 0 ? lag : null;

    public override bool NextBatch(List<KafkaSourceItem<TKey, TValue>> batch)
    {
        if (Volatile.Read(ref _fatal) is { } fatal)
        {
            throw new KafkaException(fatal);
        }

        var start = batch.Count;
        var errors = 0;
        var ended = false;
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.BatchTime.TotalSeconds * Stopwatch.Frequency);
        while (batch.Count - start < _options.BatchSize)
        {
            ConsumeResult<byte[], byte[]>? result;
            try
            {
                // Zero: only what the client's background fetches brought; the worker thread does not wait on the network.
                result = _consumer.Consume(TimeSpan.Zero);
            }
            catch (ConsumeException e)
            {
                throw new KafkaException(new Error(e.Error.Code, $"cannot read topic '{Topic}' partition {Partition} at offset {_next}: {e.Error.Reason}", e.Error.IsFatal), e);
            }

            if (result is null)
            {
                break;
            }

            if (result.IsPartitionEOF)
            {
                ended = true;
                break;
            }

            var item = Read(result);
            errors += item.Error is null ? 0 : 1;
            batch.Add(item);
            _next = result.Offset.Value + 1;
            if (Stopwatch.GetTimestamp() >= deadline)
            {
                break;
            }
        }

        var read = batch.Count - start;
        if (read > 0)
        {
            KafkaMeters.Consumed.Add(read, _topicTag);
            if (_options.CommitOffsets)
            {
                _consumer.StoreOffset(new TopicPartitionOffset(_partition, _next));
            }
        }

        if (errors > 0)
        {
            KafkaMeters.DeserializationErrors.Add(errors, _topicTag);
        }

        var high = _consumer.GetWatermarkOffsets(_partition).High;
        Volatile.Write(ref _lag, high == Offset.Unset ? -1 : Math.Max(0, high.Value - _next));
        _awake = read == 0 ? DateTimeOffset.UtcNow + _options.IdleWait : null;
        return !ended;
    }

    public override DateTimeOffset? NextAwake() => _awake;

    public override long? Snapshot() => _next;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            KafkaMeters.Untrack(this);
            try
            {
                // Close commits the stored offsets when committing is on; the consumer never joined the group, so there is nothing to leave.
                _consumer.Close();
            }
            finally
            {
                _consumer.Dispose();
            }
        }
    }

    private KafkaSourceItem<TKey, TValue> Read(ConsumeResult<byte[], byte[]> result)
    {
        var message = result.Message;
        var timestamp = new DateTimeOffset(message.Timestamp.UtcDateTime, TimeSpan.Zero);
        TKey key;
        TValue value;
        try
        {
            key = _keySerde.Deserialize(message.Key);
        }
        catch (Exception e)
        {
            return Failed(result, timestamp, $"key: {e.Message}", e);
        }

        try
        {
            value = _valueSerde.Deserialize(message.Value);
        }
        catch (Exception e)
        {
            return Failed(result, timestamp, $"value: {e.Message}", e);
        }

        var headers = message.Headers is { Count: > 0 } h ? h.Select(header => new KafkaHeader(header.Key, header.GetValueBytes())).ToList() : _noHeaders;
        return new KafkaSourceItem<TKey, TValue>(new KafkaMessage<TKey, TValue>(Topic, Partition, result.Offset.Value, timestamp, key, value, headers), null);
    }

    private KafkaSourceItem<TKey, TValue> Failed(ConsumeResult<byte[], byte[]> result, DateTimeOffset timestamp, string error, Exception cause)
    {
        if (_options.ErrorPolicy == KafkaErrorPolicy.Fail)
        {
            throw new KafkaDeserializationException(Topic, Partition, result.Offset.Value, error, cause);
        }

        return new KafkaSourceItem<TKey, TValue>(null, new KafkaSourceError(Topic, Partition, result.Offset.Value, timestamp, result.Message.Key, result.Message.Value, error));
    }

    private long StartOffset()
    {
        // A client that has just started may not know the partition's leader yet (librdkafka answers "unknown partition"
        // until its metadata arrives), and a leader may be moving: ask again until the connect timeout is spent.
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.ConnectTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var left = TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            try
            {
                return StartOffset(left);
            }
            catch (KafkaException e) when (!e.Error.IsFatal && left > _lookupRetry)
            {
                Thread.Sleep(_lookupRetry);
                RefreshMetadata(left);
            }
            catch (KafkaException e)
            {
                throw new KafkaConnectionException(_options.BootstrapServers,
                    $"cannot look up the {_options.StartOffset.ToString().ToLowerInvariant()} offset of topic '{Topic}' partition {Partition} from Kafka at `{_options.BootstrapServers}` within {_options.ConnectTimeout}: {e.Error.Reason} ({e.Error.Code})", e);
            }
        }
    }

    /// <summary>Asks the cluster for the topic's metadata through the consumer's own handle, whose cache would otherwise keep a leader that went away for minutes.</summary>
    private void RefreshMetadata(TimeSpan timeout)
    {
        try
        {
            using var admin = new DependentAdminClientBuilder(_consumer.Handle).Build();
            admin.GetMetadata(Topic, timeout);
        }
        catch (KafkaException)
        {
            // The lookup that follows fails with the same error, and names it.
        }
    }

    private long StartOffset(TimeSpan timeout)
    {
        if (_options.StartOffset == KafkaStartOffset.Committed)
        {
            var committed = _consumer.Committed([_partition], timeout).Single().Offset;
            if (committed != Offset.Unset)
            {
                return committed.Value;
            }
        }

        var watermarks = _consumer.QueryWatermarkOffsets(_partition, timeout);
        return _options.StartOffset == KafkaStartOffset.Latest ? watermarks.High.Value : watermarks.Low.Value;
    }
}

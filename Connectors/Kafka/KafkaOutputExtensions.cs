using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Kafka;

/// <summary>The Kafka output operator: keys a stream of messages by their Kafka key and writes it to a <see cref="KafkaSink{TKey,TValue}"/>.</summary>
public static class KafkaOutputExtensions
{
    /// <summary>Writes every message of the stream to <paramref name="sink"/>, the messages of one Kafka key through one producer, in order.</summary>
    /// <remarks>
    /// <b>Emits:</b> nothing downstream; each message goes to the sink partition that its key's bytes (by the sink's key
    /// serde) pick, so per-key order within the stream is kept in Kafka. <b>At epoch close:</b> the sink's partitions
    /// flush and snapshot; a transactional sink commits each epoch's transaction when the epoch commits, with
    /// transactional ids prefixed by the flow's id (<see cref="KafkaSinkOptions.Transactional"/>). Made of the steps <c>{stepId}.key</c> and <c>{stepId}.write</c>.
    /// </remarks>
    public static void KafkaOutput<TKey, TValue>(this Stream<KafkaSinkMessage<TKey, TValue>> up, string stepId, KafkaSink<TKey, TValue> sink)
    {
        ArgumentNullException.ThrowIfNull(up);
        ArgumentNullException.ThrowIfNull(sink);
        up.Flow.ReserveScope(stepId);
        sink.WritesFor(up.Flow.Id);
        var keySerde = sink.KeySerde;
        var key = new UnaryStep<KafkaSinkMessage<TKey, TValue>, (string Key, KafkaSinkMessage<TKey, TValue> Value)>($"{stepId}.key", "kafka_key", up, _ => (batch, output) =>
            EmitKeyed(batch, output, keySerde));
        up.Flow.AddNested(stepId, key);
        up.Flow.AddNested(stepId, new OutputStep<(string Key, KafkaSinkMessage<TKey, TValue> Value)>($"{stepId}.write", new Stream<(string Key, KafkaSinkMessage<TKey, TValue> Value)>(up.Flow, key, 0), sink));
    }

    private static void EmitKeyed<TKey, TValue>(ReadOnlySpan<KafkaSinkMessage<TKey, TValue>> batch, Emitter<(string Key, KafkaSinkMessage<TKey, TValue> Value)> output, KafkaSerde<TKey> keySerde)
    {
        foreach (var message in batch)
        {
            var bytes = message.Key is null ? null : keySerde.Serialize(message.Key);
            output.Emit((bytes is null ? string.Empty : Convert.ToBase64String(bytes), message));
        }
    }
}

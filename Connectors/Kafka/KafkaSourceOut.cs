namespace Orleans.Dataflow.Kafka;

/// <summary>The two streams of a Kafka input: the records read, and the records that could not be deserialized.</summary>
/// <remarks>
/// <see cref="Errors"/> only carries items under <see cref="KafkaErrorPolicy.ToErrors"/>; under the default,
/// <see cref="KafkaErrorPolicy.Fail"/>, the first such record fails the flow and the stream stays empty. Route it to a
/// sink (a dead-letter topic, a file) like any stream.
/// </remarks>
/// <typeparam name="TKey">The type of the keys.</typeparam>
/// <typeparam name="TValue">The type of the values.</typeparam>
/// <param name="Messages">Every record read and deserialized, in offset order within each topic-partition.</param>
/// <param name="Errors">Every record that failed to deserialize, with its raw bytes, topic, partition, offset and error.</param>
public sealed record KafkaSourceOut<TKey, TValue>(Stream<KafkaMessage<TKey, TValue>> Messages, Stream<KafkaSourceError> Errors);

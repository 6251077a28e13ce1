namespace Orleans.Dataflow.Kafka;

/// <summary>What a <see cref="KafkaSource{TKey,TValue}"/> emits for one record: the message, or the error that kept it from being read.</summary>
/// <remarks>
/// Exactly one of <see cref="Message"/> and <see cref="Error"/> is set. <see cref="KafkaInputExtensions.KafkaInput{TKey,TValue}"/>
/// splits a source's items into a stream of messages and a stream of errors; use it rather than reading these directly.
/// </remarks>
/// <typeparam name="TKey">The type of the keys.</typeparam>
/// <typeparam name="TValue">The type of the values.</typeparam>
/// <param name="Message">The deserialized record, or null when it failed.</param>
/// <param name="Error">Why the record could not be deserialized, or null when it was.</param>
public sealed record KafkaSourceItem<TKey, TValue>(KafkaMessage<TKey, TValue>? Message, KafkaSourceError? Error);

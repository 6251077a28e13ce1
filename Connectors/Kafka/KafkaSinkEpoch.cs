namespace Orleans.Dataflow.Kafka;

/// <summary>The messages one sink partition wrote in one closed epoch, kept by a transactional sink until Kafka has committed them.</summary>
/// <param name="Epoch">The epoch they were written in.</param>
/// <param name="Messages">The messages, in the order they were written.</param>
internal sealed record KafkaSinkEpoch(long Epoch, IReadOnlyList<KafkaOutgoing> Messages);

namespace Orleans.Dataflow.Kafka;

/// <summary>An open source partition as <see cref="KafkaMeters.ConsumerLag"/> observes it, from the meter's thread.</summary>
internal interface IConsumerLag
{
    string Topic { get; }

    int Partition { get; }

    /// <summary>The lag as of the partition's last batch, or null before the client has fetched a watermark.</summary>
    long? Lag { get; }
}

namespace Orleans.Dataflow.Kafka;

/// <summary>A Kafka connector could not reach the cluster, or the cluster could not answer what it asked, within its timeout.</summary>
/// <remarks>The message names the bootstrap servers, what was asked (a topic's partitions, a partition's offsets) and Kafka's error; it never names credentials.</remarks>
public sealed class KafkaConnectionException : Exception
{
    /// <summary>Creates the error for a request to <paramref name="bootstrapServers"/> that failed.</summary>
    /// <param name="bootstrapServers">The cluster's addresses as configured.</param>
    /// <param name="message">What was asked and what failed.</param>
    /// <param name="cause">The client's exception, or null.</param>
    public KafkaConnectionException(string bootstrapServers, string message, Exception? cause = null)
        : base(message, cause)
    {
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The cluster's addresses as configured.</summary>
    public string BootstrapServers { get; }
}

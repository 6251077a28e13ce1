namespace Orleans.Dataflow.Kafka;

/// <summary>Builds librdkafka settings: the user's extra settings first, then the connector's own, which win.</summary>
internal static class KafkaConfig
{
    public static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string>? extra, string bootstrapServers)
    {
        var config = extra is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(extra, StringComparer.Ordinal);
        config["bootstrap.servers"] = bootstrapServers;
        return config;
    }
}

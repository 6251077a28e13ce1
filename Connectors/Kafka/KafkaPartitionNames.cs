namespace Orleans.Dataflow.Kafka;

/// <summary>The names of source partitions, <c>topic/partition</c>: unique, since topic names cannot hold a slash, and readable in status and errors.</summary>
internal static class KafkaPartitionNames
{
    public static string Format(string topic, int partition) => $"{topic}/{partition}";

    public static (string Topic, int Partition) Parse(string name)
    {
        var slash = name.LastIndexOf('/');
        if (slash <= 0 || !int.TryParse(name.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var partition))
        {
            throw new ArgumentException($"`{name}` is not the name of a Kafka source partition (topic/partition)", nameof(name));
        }

        return (name[..slash], partition);
    }
}

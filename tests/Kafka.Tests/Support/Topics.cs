using Confluent.Kafka;
using Orleans.Dataflow.Kafka.Testing;

namespace Orleans.Dataflow.Kafka.Tests.Support;

/// <summary>Writes records to and reads them back from a topic with plain Confluent clients: what the tests compare the connectors against.</summary>
internal static class Topics
{
    /// <summary>Writes <paramref name="records"/> in order and waits until every one is acknowledged.</summary>
    public static void Produce(KafkaMockCluster cluster, string topic, IEnumerable<(byte[]? Key, byte[]? Value, int? Partition)> records)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, EnableIdempotence = true, LingerMs = 1 }).Build();
        foreach (var (key, value, partition) in records)
        {
            var message = new Message<byte[], byte[]> { Key = key!, Value = value! };
            if (partition is { } p)
            {
                producer.Produce(new TopicPartition(topic, p), message, Check);
            }
            else
            {
                producer.Produce(topic, message, Check);
            }
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    /// <summary>Writes string keys and values, the key picking the partition unless <paramref name="partition"/> is given.</summary>
    public static void ProduceStrings(KafkaMockCluster cluster, string topic, IEnumerable<(string Key, string Value)> records, int? partition = null) =>
        Produce(cluster, topic, records.Select(r => ((byte[]?)System.Text.Encoding.UTF8.GetBytes(r.Key), (byte[]?)System.Text.Encoding.UTF8.GetBytes(r.Value), partition)));

    /// <summary>Writes string keys and values, record <c>i</c> to partition <c>i % partitions</c>, so that every partition holds some.</summary>
    public static void ProduceSpread(KafkaMockCluster cluster, string topic, IReadOnlyList<(string Key, string Value)> records, int partitions) =>
        Produce(cluster, topic, records.Select((r, i) => ((byte[]?)System.Text.Encoding.UTF8.GetBytes(r.Key), (byte[]?)System.Text.Encoding.UTF8.GetBytes(r.Value), (int?)(i % partitions))));

    /// <summary>Every record of every partition of <paramref name="topic"/>, read from the beginning to the end each partition has now.</summary>
    public static List<ConsumeResult<byte[], byte[]>> ReadAll(KafkaMockCluster cluster, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "tests-read-all",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var ended = new HashSet<int>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (ended.Count < partitions)
        {
            Assert.True(DateTime.UtcNow < deadline, $"topic '{topic}' was not read to its end within a minute");
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                ended.Add(result.Partition.Value);
                continue;
            }

            records.Add(result);
        }

        consumer.Close();
        return records;
    }

    private static void Check(DeliveryReport<byte[], byte[]> report) =>
        Assert.False(report.Error.IsError, $"the test's producer could not write: {report.Error.Reason}");
}

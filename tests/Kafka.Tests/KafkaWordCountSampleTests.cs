using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Kafka.Tests.Support;
using Orleans.Dataflow.Silo.Loading;
using Orleans.Dataflow.Kafka.Testing;

namespace Orleans.Dataflow.Kafka.Tests;

/// <summary>samples/kafka_wordcount.csx, unchanged, loaded as the run command loads it and run against the mock cluster.</summary>
public sealed class KafkaWordCountSampleTests
{
    [Fact]
    public void KafkaWordCountSample_LinesInATopic_WritesEachWordsCountPerWindowToTheOutputTopic()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("lines", 2);
        cluster.CreateTopic("counts", 2);
        var noon = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            void Line(int partition, int second, byte[] value) =>
                producer.Produce(new TopicPartition("lines", partition), new Message<byte[], byte[]> { Key = null!, Value = value, Timestamp = new Timestamp(noon.AddSeconds(second)) });
            Line(0, 1, Encoding.UTF8.GetBytes("To be, or not to be"));
            Line(1, 3, Encoding.UTF8.GetBytes("to BE"));
            Line(1, 4, [0xC3, 0x28]);
            // No word of the later window is in the earlier one: partitions are read in any order, and an event clock is per word.
            Line(0, 15, Encoding.UTF8.GetBytes("quick fox"));
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        }

        var script = Path.Combine(RepositoryRoot(), "samples", "kafka_wordcount.csx");
        var flow = FlowLoader.Load(script, new Dictionary<string, string> { ["bootstrap"] = cluster.BootstrapServers, ["tail"] = "false" });
        var result = DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = 2 });

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        var counts = Topics.ReadAll(cluster, "counts", 2).Select(r =>
        {
            using var json = JsonDocument.Parse(r.Message.Value);
            var root = json.RootElement;
            Assert.Equal(Encoding.UTF8.GetString(r.Message.Key), root.GetProperty("word").GetString());
            return $"{root.GetProperty("word").GetString()} {root.GetProperty("windowStart").GetDateTimeOffset():HH:mm:ss} {root.GetProperty("count").GetInt64()}";
        });
        Assert.Equal(["be 12:00:00 3", "fox 12:00:10 1", "not 12:00:00 1", "or 12:00:00 1", "quick 12:00:10 1", "to 12:00:00 3"], counts.Order(StringComparer.Ordinal));
    }

    /// <summary>The repository's root: the first directory above the test binaries that holds the solution.</summary>
    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.Dataflow.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Orleans.Dataflow.sln above {AppContext.BaseDirectory}");
    }
}

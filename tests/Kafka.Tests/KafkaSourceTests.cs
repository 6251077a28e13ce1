using System.Text;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Kafka.Tests.Support;
using Orleans.Dataflow.Testing;
using Orleans.Dataflow.Kafka.Testing;

namespace Orleans.Dataflow.Kafka.Tests;

/// <summary>The source against librdkafka's mock cluster: partitions over workers, resume from snapshots, start offsets, batches.</summary>
public sealed class KafkaSourceTests
{
    private const int Partitions = 6;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void KafkaSource_SeveralPartitionsOnWorkers_ReadsEveryRecordOnceInOffsetOrder(int workers)
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("lines", Partitions);
        var records = Records(600);
        Topics.ProduceSpread(cluster, "lines", records, Partitions);
        var output = new List<KafkaMessage<string, string>>();

        var flow = new Dataflow("read");
        flow.KafkaInput("in", new KafkaSource<string, string>(Options(cluster, "lines") with { BatchSize = 50 }, KafkaSerdes.Utf8, KafkaSerdes.Utf8))
            .Messages.Output("out", new TestingSink<KafkaMessage<string, string>>(output));
        var result = DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = workers, EpochInterval = TimeSpan.FromMilliseconds(5) });

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal(records.Order(), output.Select(m => (m.Key!, m.Value!)).Order());
        Assert.Equal(Partitions, output.Select(m => m.Partition).Distinct().Count());
        foreach (var partition in output.GroupBy(m => m.Partition))
        {
            Assert.Equal(Enumerable.Range(0, partition.Count()).Select(i => (long)i), partition.Select(m => m.Offset));
            Assert.All(partition, m => Assert.Equal("lines", m.Topic));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 4)]
    [InlineData(4, 2)]
    public void KafkaSource_ResumeAfterAbort_CountsEveryRecordExactlyOnce(int workersBefore, int workersAfter)
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("words", Partitions);
        var records = Records(900);
        Topics.ProduceSpread(cluster, "words", records, Partitions);
        var expected = records.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => (long)g.Count());
        var store = new InMemoryRecoveryStore();

        var first = RunningCounts(cluster, store, workersBefore, abortAfter: 400, ExecutionOutcome.Aborted);
        var second = RunningCounts(cluster, store, workersAfter, abortAfter: int.MaxValue, ExecutionOutcome.Completed);

        // A record counted twice would push a key's count past its total; one skipped would keep it below.
        Assert.NotEmpty(first);
        Assert.True(first.Count < records.Count, "the first run was to abort partway");
        var final = first.Concat(second).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Max(c => c.Count));
        Assert.Equal(expected.OrderBy(e => e.Key), final.OrderBy(e => e.Key));
        Assert.True(store.CommittedEpoch > 0);
    }

    [Fact]
    public void KafkaSource_ResumedAfterEndOfInput_ReadsOnlyRecordsWrittenSince()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("events", Partitions);
        Topics.ProduceStrings(cluster, "events", Records(120));
        var store = new InMemoryRecoveryStore();

        var first = ReadValues(cluster, "events", store);
        Topics.ProduceStrings(cluster, "events", Records(30).Select(r => (r.Key, "later " + r.Value)));
        var second = ReadValues(cluster, "events", store);
        var third = ReadValues(cluster, "events", store);

        Assert.Equal(120, first.Count);
        Assert.Equal(Records(30).Select(r => "later " + r.Value).Order(), second.Order());
        Assert.Empty(third);
    }

    [Fact]
    public void KafkaSource_StartAtLatest_ReadsNothingWrittenBefore()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("events", 2);
        Topics.ProduceStrings(cluster, "events", Records(40));

        var read = ReadValues(cluster, "events", store: null, KafkaStartOffset.Latest);

        Assert.Empty(read);
    }

    [Fact]
    public void KafkaSource_StartAtCommitted_ReadsFromTheGroupsOffsetOrTheBeginning()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("events", 2);
        Topics.ProduceStrings(cluster, "events", Enumerable.Range(0, 10).Select(i => ("k", $"p0-{i}")), partition: 0);
        Topics.ProduceStrings(cluster, "events", Enumerable.Range(0, 10).Select(i => ("k", $"p1-{i}")), partition: 1);
        using (var consumer = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(new Confluent.Kafka.ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "monitor" }).Build())
        {
            consumer.Commit([new Confluent.Kafka.TopicPartitionOffset("events", 0, 7)]);
        }

        var read = ReadValues(cluster, "events", store: null, KafkaStartOffset.Committed, groupId: "monitor");

        // Partition 0 from the committed offset 7; partition 1, where the group committed nothing, from its beginning.
        Assert.Equal(new[] { "p0-7", "p0-8", "p0-9" }.Concat(Enumerable.Range(0, 10).Select(i => $"p1-{i}")).Order(), read.Order());
    }

    [Fact]
    public void KafkaSource_CommitOffsets_CommitsHowFarEachPartitionWasRead()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("events", 2);
        Topics.ProduceStrings(cluster, "events", Enumerable.Range(0, 12).Select(i => ("k", $"{i}")), partition: 0);
        Topics.ProduceStrings(cluster, "events", Enumerable.Range(0, 5).Select(i => ("k", $"{i}")), partition: 1);

        var flow = new Dataflow("commit");
        flow.KafkaInput("in", new KafkaSource<string, string>(Options(cluster, "events") with { GroupId = "watchers", CommitOffsets = true }, KafkaSerdes.Utf8, KafkaSerdes.Utf8))
            .Messages.Output("out", new TestingSink<KafkaMessage<string, string>>([]));
        DataflowExecution.Run(flow);

        using var consumer = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(new Confluent.Kafka.ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "watchers" }).Build();
        var committed = consumer.Committed([new("events", 0), new("events", 1)], TimeSpan.FromSeconds(10));
        Assert.Equal([12L, 5L], committed.OrderBy(c => c.Partition.Value).Select(c => c.Offset.Value));
    }

    [Fact]
    public void KafkaSource_KeysAndValuesAsJsonAndBytes_AreDeserializedWithHeadersAndTimestamp()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("readings", 1);
        var at = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
        using (var producer = new Confluent.Kafka.ProducerBuilder<byte[], byte[]>(new Confluent.Kafka.ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            producer.Produce("readings", new Confluent.Kafka.Message<byte[], byte[]>
            {
                Key = [1, 2, 3],
                Value = Encoding.UTF8.GetBytes("""{"sensor":"s1","celsius":21.5}"""),
                Timestamp = new Confluent.Kafka.Timestamp(at),
                Headers = new Confluent.Kafka.Headers { { "source", [9] }, { "source", [8] } },
            });
            producer.Produce("readings", new Confluent.Kafka.Message<byte[], byte[]> { Key = null!, Value = null! });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        }

        var output = new List<KafkaMessage<byte[], Reading>>();
        var flow = new Dataflow("json");
        flow.KafkaInput("in", new KafkaSource<byte[], Reading>(Options(cluster, "readings"), KafkaSerdes.Bytes, KafkaSerdes.Json<Reading>()))
            .Messages.Output("out", new TestingSink<KafkaMessage<byte[], Reading>>(output));
        DataflowExecution.Run(flow);

        Assert.Equal(2, output.Count);
        Assert.Equal([1, 2, 3], output[0].Key);
        Assert.Equal(new Reading("s1", 21.5), output[0].Value);
        Assert.Equal(at, output[0].Timestamp);
        Assert.Equal(["source", "source"], output[0].Headers.Select(h => h.Key));
        Assert.Equal([[9], [8]], output[0].Headers.Select(h => h.Value));
        Assert.Null(output[1].Key);
        Assert.Null(output[1].Value);
    }

    [Fact]
    public void KafkaSource_MessagesKeyedAcrossWorkers_CrossTheExchangeWhole()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("lines", 3);
        var records = Records(90);
        Topics.ProduceStrings(cluster, "lines", records);
        var output = new List<(string, List<KafkaMessage<string, string>>)>();

        var flow = new Dataflow("exchange");
        flow.KafkaInput("in", new KafkaSource<string, string>(Options(cluster, "lines"), KafkaSerdes.Utf8, KafkaSerdes.Utf8))
            .Messages.KeyOn("key", m => m.Key!)
            .Collect("all", TimeSpan.FromHours(1), 1000)
            .Output("out", new TestingSink<(string, List<KafkaMessage<string, string>>)>(output));
        DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = 3 });

        var messages = output.SelectMany(o => o.Item2).ToList();
        Assert.Equal(records.Order(), messages.Select(m => (m.Key!, m.Value!)).Order());
        Assert.All(messages, m => Assert.Equal("lines", m.Topic));
        Assert.Equal(90, messages.Select(m => (m.Partition, m.Offset)).Distinct().Count());
    }

    internal static KafkaSourceOptions Options(KafkaMockCluster cluster, string topic) =>
        new() { BootstrapServers = cluster.BootstrapServers, Topics = [topic], Tail = false };

    /// <summary>Records with 7 keys spread over the partitions by the producer's partitioner.</summary>
    internal static List<(string Key, string Value)> Records(int count) =>
        Enumerable.Range(0, count).Select(i => ($"key{i % 7}", $"value {i}")).ToList();

    private static List<string> ReadValues(KafkaMockCluster cluster, string topic, InMemoryRecoveryStore? store, KafkaStartOffset start = KafkaStartOffset.Earliest, string? groupId = null)
    {
        var output = new List<string>();
        var flow = new Dataflow("values");
        flow.KafkaInput("in", new KafkaSource<string, string>(Options(cluster, topic) with { StartOffset = start, GroupId = groupId }, KafkaSerdes.Utf8, KafkaSerdes.Utf8))
            .Messages.Map("value", m => m.Value!)
            .Output("out", new TestingSink<string>(output));
        var result = DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = 2, Recovery = store, EpochInterval = TimeSpan.FromMilliseconds(5) });
        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        return output;
    }

    private static List<(string Key, long Count)> RunningCounts(KafkaMockCluster cluster, InMemoryRecoveryStore store, int workers, int abortAfter, ExecutionOutcome expected)
    {
        var output = new List<(string, long)>();
        var source = new KafkaSource<string, string>(Options(cluster, "words") with { BatchSize = 20 }, KafkaSerdes.Utf8, KafkaSerdes.Utf8);
        var flow = new Dataflow("counts");
        flow.Input("in", new AbortingSource<KafkaSourceItem<string, string>, long?>(source, abortAfter))
            .Map("message", item => item.Message!)
            .KeyOn("key", m => m.Key!)
            .StatefulMap<KafkaMessage<string, string>, long, long>("count", (count, _) => (count + 1, count + 1))
            .Output("out", new TestingSink<(string, long)>(output));
        var result = DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = workers, Recovery = store, EpochInterval = TimeSpan.Zero });
        Assert.Equal(expected, result.Outcome);
        return output;
    }

    /// <summary>A JSON value type for the serde tests.</summary>
    public sealed record Reading(string Sensor, double Celsius);
}

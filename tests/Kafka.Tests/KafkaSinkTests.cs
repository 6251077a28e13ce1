using System.Diagnostics.Metrics;
using System.Text;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Kafka.Tests.Support;
using Orleans.Dataflow.Testing;
using Orleans.Dataflow.Kafka.Testing;

namespace Orleans.Dataflow.Kafka.Tests;

/// <summary>The sink against librdkafka's mock cluster: what reaches the topic, in which order and partition, and when an epoch may commit.</summary>
public sealed class KafkaSinkTests
{
    private const int Partitions = 4;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void KafkaSink_FromSeveralWorkers_WritesEveryMessageOnceEachKeyInOrderOnOnePartition(int workers)
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("out", Partitions);
        var items = Enumerable.Range(0, 400).Select(i => (Key: $"key{i % 9}", Seq: i)).ToList();

        var flow = new Dataflow("write");
        flow.Input("in", new TestingSource<(string Key, int Seq)>(items.Select(i => (TestingItem<(string, int)>)i).ToList()))
            .Map("message", i => new KafkaSinkMessage<string, string>(i.Key, $"{i.Key}:{i.Seq}"))
            .KafkaOutput("out", new KafkaSink<string, string>(Options(cluster, "out") with { Producers = 3 }, KafkaSerdes.Utf8, KafkaSerdes.Utf8));
        var result = DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = workers, EpochInterval = TimeSpan.FromMilliseconds(5), Recovery = new InMemoryRecoveryStore() });

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        var written = Topics.ReadAll(cluster, "out", Partitions);
        Assert.Equal(items.Select(i => $"{i.Key}:{i.Seq}").Order(), written.Select(r => Encoding.UTF8.GetString(r.Message.Value)).Order());
        foreach (var key in written.GroupBy(r => Encoding.UTF8.GetString(r.Message.Key)))
        {
            Assert.Single(key.Select(r => r.Partition.Value).Distinct());
            var sequence = key.OrderBy(r => r.Offset.Value).Select(r => int.Parse(Encoding.UTF8.GetString(r.Message.Value).Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(sequence.Order(), sequence);
        }
    }

    [Fact]
    public void KafkaSink_MessageWithPartitionHeadersAndTimestamp_IsWrittenAsGiven()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("out", Partitions);
        var at = new DateTimeOffset(2023, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var flow = new Dataflow("explicit");
        flow.Input("in", new TestingSource<int>([1, 2, 3]))
            .Map("message", i => new KafkaSinkMessage<string, int>($"k{i}", i) { Partition = 2, Timestamp = at, Headers = [new KafkaHeader("n", [(byte)i])] })
            .KafkaOutput("out", new KafkaSink<string, int>(Options(cluster, "out"), KafkaSerdes.Utf8, KafkaSerdes.Json<int>()));
        DataflowExecution.Run(flow);

        var written = Topics.ReadAll(cluster, "out", Partitions);
        Assert.Equal(3, written.Count);
        Assert.All(written, r => Assert.Equal(2, r.Partition.Value));
        Assert.All(written, r => Assert.Equal(at, new DateTimeOffset(r.Message.Timestamp.UtcDateTime, TimeSpan.Zero)));
        Assert.Equal(["1", "2", "3"], written.Select(r => Encoding.UTF8.GetString(r.Message.Value)));
        Assert.Equal([1, 2, 3], written.Select(r => (int)r.Message.Headers.GetLastBytes("n")[0]));
    }

    [Fact]
    public void KafkaSinkPartition_Snapshot_ReturnsOnceEveryMessageWrittenIsAcknowledgedAndCountsThem()
    {
        using var cluster = new KafkaMockCluster();
        // A topic of its own: the meters are process-wide and tagged by topic, and other tests write in parallel.
        var topic = $"acks-{Guid.NewGuid():N}";
        cluster.CreateTopic(topic, 1);
        var counted = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KafkaMeters.MeterName && instrument.Name is KafkaMeters.ProducedName or KafkaMeters.AcknowledgedName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (tags.ToArray().Any(t => t.Key == "topic" && (string?)t.Value == topic))
            {
                lock (counted)
                {
                    counted[instrument.Name] = counted.GetValueOrDefault(instrument.Name) + value;
                }
            }
        });
        listener.Start();
        // A linger far longer than the test: nothing would be sent before it unless the snapshot flushes.
        var sink = new KafkaSink<string, string>(Options(cluster, topic) with { Linger = TimeSpan.FromMinutes(5), DeliveryTimeout = TimeSpan.FromMinutes(10) }, KafkaSerdes.Utf8, KafkaSerdes.Utf8);
        using var partition = sink.BuildPart("out", Assert.Single(sink.ListParts()), null);

        partition.WriteBatch(Enumerable.Range(0, 50).Select(i => new KafkaSinkMessage<string, string>("k", $"{i}")).ToList());
        var first = partition.Snapshot().Acknowledged;
        var afterFirst = Topics.ReadAll(cluster, topic, 1).Count;
        partition.WriteBatch(Enumerable.Range(50, 10).Select(i => new KafkaSinkMessage<string, string>("k", $"{i}")).ToList());
        var second = partition.Snapshot().Acknowledged;

        Assert.Equal((50L, 50), (first, afterFirst));
        Assert.Equal(60L, second);
        Assert.Equal(60, Topics.ReadAll(cluster, topic, 1).Count);
        lock (counted)
        {
            Assert.Equal(60, counted[KafkaMeters.ProducedName]);
            Assert.Equal(60, counted[KafkaMeters.AcknowledgedName]);
        }
    }

    [Fact]
    public void KafkaSink_BrokerRefusesTheMessages_FailsTheFlowNamingTopicAndErrorAndCommitsNothing()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("out", 1);
        cluster.FailProduceRequests(Confluent.Kafka.ErrorCode.TopicAuthorizationFailed, 50);
        var store = new InMemoryRecoveryStore();

        var flow = new Dataflow("refused");
        flow.Input("in", new TestingSource<int>(Enumerable.Range(0, 20).Select(i => (TestingItem<int>)i).ToList()))
            .Map("message", i => new KafkaSinkMessage<string, string>("k", $"{i}"))
            .KafkaOutput("out", new KafkaSink<string, string>(Options(cluster, "out") with { DeliveryTimeout = TimeSpan.FromSeconds(10) }, KafkaSerdes.Utf8, KafkaSerdes.Utf8));
        var error = Assert.Throws<DataflowException>(() => DataflowExecution.Run(flow, new ExecutionOptions { Recovery = store }));

        var cause = Assert.IsType<KafkaDeliveryException>(error.InnerException);
        Assert.Equal("out", cause.Topic);
        Assert.Equal(Confluent.Kafka.ErrorCode.TopicAuthorizationFailed, cause.Error);
        Assert.Contains("topic 'out'", cause.Message, StringComparison.Ordinal);
        Assert.Equal("out.write", error.StepId);
        Assert.Equal(0, store.CommittedEpoch);
    }

    [Fact]
    public void KafkaSink_ClusterGoneLongerThanTheDeliveryTimeout_FailsTheFlowNamingTopicAndTimeout()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("out", 1);
        var sink = new KafkaSink<string, string>(Options(cluster, "out") with { DeliveryTimeout = TimeSpan.FromSeconds(2) }, KafkaSerdes.Utf8, KafkaSerdes.Utf8);
        using var partition = sink.BuildPart("out", "out/producer-0", null);
        partition.WriteBatch([new KafkaSinkMessage<string, string>("k", "first")]);
        Assert.Equal(1L, partition.Snapshot().Acknowledged);
        for (var broker = 1; broker <= 3; broker++)
        {
            cluster.SetBrokerUp(broker, false);
        }

        partition.WriteBatch([new KafkaSinkMessage<string, string>("k", "second")]);
        var error = Assert.Throws<KafkaDeliveryException>(() => partition.Snapshot());

        Assert.Equal("out", error.Topic);
        Assert.Equal(Confluent.Kafka.ErrorCode.Local_MsgTimedOut, error.Error);
        Assert.Contains("topic 'out'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KafkaSink_ResumeAfterAbort_EveryCountReachesTheTopicWithTheUninterruptedTotal()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("words", 3);
        cluster.CreateTopic("counts", 3);
        var records = KafkaSourceTests.Records(300);
        Topics.ProduceSpread(cluster, "words", records, 3);
        var store = new InMemoryRecoveryStore();

        Count(cluster, store, abortAfter: 150, ExecutionOutcome.Aborted);
        Count(cluster, store, abortAfter: int.MaxValue, ExecutionOutcome.Completed);

        // At-least-once: counts after the last commit are written again, so the topic may hold a count twice, never a wrong one.
        var written = Topics.ReadAll(cluster, "counts", 3)
            .Select(r => (Key: Encoding.UTF8.GetString(r.Message.Key), Count: long.Parse(Encoding.UTF8.GetString(r.Message.Value), System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        var expected = records.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected.OrderBy(e => e.Key), written.GroupBy(w => w.Key).ToDictionary(g => g.Key, g => g.Max(w => w.Count)).OrderBy(e => e.Key));
        foreach (var key in written.GroupBy(w => w.Key))
        {
            Assert.Equal(Enumerable.Range(1, (int)expected[key.Key]).Select(i => (long)i), key.Select(w => w.Count).Distinct().Order());
        }
    }

    private static KafkaSinkOptions Options(KafkaMockCluster cluster, string topic) => new() { BootstrapServers = cluster.BootstrapServers, Topic = topic };

    private static void Count(KafkaMockCluster cluster, InMemoryRecoveryStore store, int abortAfter, ExecutionOutcome expected)
    {
        var source = new KafkaSource<string, string>(KafkaSourceTests.Options(cluster, "words") with { BatchSize = 10 }, KafkaSerdes.Utf8, KafkaSerdes.Utf8);
        var flow = new Dataflow("counts");
        flow.Input("in", new AbortingSource<KafkaSourceItem<string, string>, long?>(source, abortAfter))
            .Map("message", item => item.Message!)
            .KeyOn("key", m => m.Key!)
            .StatefulMap<KafkaMessage<string, string>, long, long>("count", (count, _) => (count + 1, count + 1))
            .Map("out_message", kv => new KafkaSinkMessage<string, string>(kv.Key, kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .KafkaOutput("out", new KafkaSink<string, string>(Options(cluster, "counts") with { Producers = 2 }, KafkaSerdes.Utf8, KafkaSerdes.Utf8));
        var result = DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = 2, Recovery = store, EpochInterval = TimeSpan.Zero });
        Assert.Equal(expected, result.Outcome);
    }
}

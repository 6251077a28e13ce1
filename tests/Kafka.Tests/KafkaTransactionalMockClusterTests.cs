using System.Text;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Kafka.Testing;
using Orleans.Dataflow.Kafka.Tests.Support;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Kafka.Tests;

/// <summary>The transactional sink's real Confluent producer against librdkafka's mock cluster: the whole transaction call sequence runs without an error and every record arrives.</summary>
/// <remarks>
/// The mock cluster ignores read_committed isolation, does not store <c>SendOffsetsToTransaction</c>'s offsets and does
/// not fence: what these tests read includes aborted transactions, so exactly-once is checked against
/// <see cref="RecordingKafka"/> in <see cref="KafkaTransactionalSinkTests"/>, not here.
/// </remarks>
public sealed class KafkaTransactionalMockClusterTests
{
    private const int Partitions = 3;

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    public void KafkaSink_TransactionalOnTheMockCluster_EveryRecordArrivesAndNoCallFails(int workers, bool withStore)
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("out", Partitions);
        var items = Enumerable.Range(0, 300).Select(i => $"key{i % 11}:{i}").ToList();

        var result = Run(cluster, items.Select(i => (TestingItem<string>)i).ToList(), workers, withStore ? new InMemoryRecoveryStore() : null);

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal(items.Order(StringComparer.Ordinal), Values(cluster).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void KafkaSink_TransactionalResumedAfterAbortOnTheMockCluster_EveryRecordArrives(int workers)
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("out", Partitions);
        var store = new InMemoryRecoveryStore();
        var items = Enumerable.Range(0, 200).Select(i => (TestingItem<string>)$"key{i % 7}:{i}").ToList();
        items.Insert(120, TestingMarker.Abort());

        Assert.Equal(ExecutionOutcome.Aborted, Run(cluster, items, workers, store).Outcome);
        Assert.Equal(ExecutionOutcome.Completed, Run(cluster, items, workers, store).Outcome);

        // The mock shows aborted transactions too, so a record may be read twice here; none is missing.
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"key{i % 7}:{i}").Order(StringComparer.Ordinal), Values(cluster).Distinct().Order(StringComparer.Ordinal));
    }

    private static ExecutionResult Run(KafkaMockCluster cluster, List<TestingItem<string>> items, int workers, InMemoryRecoveryStore? store)
    {
        var flow = new Dataflow("transactional");
        flow.Input("in", new TestingSource<string>(items, batchSize: 10))
            .Map("message", item => new KafkaSinkMessage<string, string>(item.Split(':')[0], item))
            .KafkaOutput("out", new KafkaSink<string, string>(
                new KafkaSinkOptions { BootstrapServers = cluster.BootstrapServers, Topic = "out", Producers = 2, Transactional = true }, KafkaSerdes.Utf8, KafkaSerdes.Utf8));
        return DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = workers, Recovery = store, EpochInterval = TimeSpan.FromMilliseconds(20) });
    }

    private static List<string> Values(KafkaMockCluster cluster) =>
        Topics.ReadAll(cluster, "out", Partitions).ConvertAll(r => Encoding.UTF8.GetString(r.Message.Value));
}

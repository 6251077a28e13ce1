using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Kafka.Tests.Support;
using Orleans.Dataflow.Outputs;
using Orleans.Dataflow.Testing;
using Orleans.Dataflow.TestingHost;

namespace Orleans.Dataflow.Kafka.Tests;

/// <summary>The transactional sink's protocol against a recording Kafka (<see cref="RecordingKafka"/>), which keeps what <c>read_committed</c> consumers would read and fences old producers: begin, commit and abort on the right epochs, the re-send after a crash between the store's commit and Kafka's, fencing.</summary>
/// <remarks>Partition tests drive one sink partition as the engine does: writes, <c>EpochClosed</c>, <c>Snapshot</c>, <c>EpochCommitted</c>; a crash is a partition dropped without a call more.</remarks>
public sealed class KafkaTransactionalSinkTests
{
    private const string Id = "flow/out.write/out/producer-0";

    [Fact]
    public void Partition_EpochsCommitInTheStore_EachTransactionCommitsOnlyThenMarkedWithItsLastEpoch()
    {
        var kafka = new RecordingKafka();
        using var partition = Build(kafka, null);

        partition.WriteBatch(Messages("a", "b"));
        ((IEpochAwareSinkPartition)partition).EpochClosed(1);
        var snapshot = partition.Snapshot();
        // Epoch 2's messages wait while epoch 1's transaction waits for the store.
        partition.WriteBatch(Messages("c"));
        Assert.Empty(kafka.Committed);
        ((IEpochAwareSinkPartition)partition).EpochClosed(2);
        ((IEpochAwareSinkPartition)partition).EpochCommitted(1);
        Assert.Equal(["a", "b"], kafka.Committed);
        ((IEpochAwareSinkPartition)partition).EpochCommitted(2);

        Assert.Equal(["a", "b", "c"], kafka.Committed);
        Assert.Equal(1, snapshot.UnconfirmedEpochs);
        Assert.Equal(
            ["init", "begin", "commit -1", "begin", "produce a", "produce b", "flush", "commit 1", "begin", "produce c", "flush", "commit 2"],
            kafka.CallsOf(Id));
        Assert.Equal(0, partition.Snapshot().UnconfirmedEpochs);
    }

    [Fact]
    public void Partition_StoreCommitsSeveralEpochsAtOnce_OneTransactionCommitsThemAll()
    {
        var kafka = new RecordingKafka();
        using var partition = Build(kafka, null);

        partition.WriteBatch(Messages("a"));
        ((IEpochAwareSinkPartition)partition).EpochClosed(1);
        partition.WriteBatch(Messages("b"));
        ((IEpochAwareSinkPartition)partition).EpochClosed(2);
        partition.WriteBatch(Messages("c"));
        ((IEpochAwareSinkPartition)partition).EpochClosed(3);
        ((IEpochAwareSinkPartition)partition).EpochCommitted(3);

        Assert.Equal(["a", "b", "c"], kafka.Committed);
        Assert.Equal(["commit 1", "begin", "produce b", "produce c", "flush", "commit 3"], kafka.CallsOf(Id)[^6..]);
    }

    [Fact]
    public void Partition_CrashAfterTheStoreCommitBeforeKafkaCommits_ResumedPartitionSendsTheEpochAgainOnce()
    {
        var kafka = new RecordingKafka();
        var crashed = Build(kafka, null);
        crashed.WriteBatch(Messages("a", "b"));
        ((IEpochAwareSinkPartition)crashed).EpochClosed(1);
        var committedInStore = crashed.Snapshot();

        using var resumed = Build(kafka, RoundTrip(committedInStore));

        Assert.Equal(["a", "b"], kafka.Committed);
        Assert.Equal(["init", "begin", "produce a", "produce b", "flush", "commit 1"], kafka.CallsOf(Id)[^6..]);
        Assert.Equal(0, resumed.Snapshot().UnconfirmedEpochs);
    }

    [Fact]
    public void Partition_ResumedWhenKafkaAlreadyCommittedTheSnapshotsEpochs_SendsNothingAgain()
    {
        var kafka = new RecordingKafka();
        var crashed = Build(kafka, null);
        crashed.WriteBatch(Messages("a"));
        ((IEpochAwareSinkPartition)crashed).EpochClosed(1);
        var snapshot = crashed.Snapshot();
        ((IEpochAwareSinkPartition)crashed).EpochCommitted(1);
        var callsBefore = kafka.CallsOf(Id).Count;

        using var resumed = Build(kafka, RoundTrip(snapshot));

        Assert.Equal(["a"], kafka.Committed);
        Assert.Equal(["init"], kafka.CallsOf(Id)[callsBefore..]);
    }

    [Fact]
    public void Partition_EpochOpenAtTheCrashNotCommittedInTheStore_IsAbortedAndTheReplayCommittedOnce()
    {
        var kafka = new RecordingKafka();
        var crashed = Build(kafka, null);
        crashed.WriteBatch(Messages("a"));
        ((IEpochAwareSinkPartition)crashed).EpochClosed(1);
        var lastCommittedInStore = crashed.Snapshot();
        ((IEpochAwareSinkPartition)crashed).EpochCommitted(1);
        crashed.WriteBatch(Messages("b"));
        ((IEpochAwareSinkPartition)crashed).EpochClosed(2);
        crashed.Snapshot();

        // The store resumes after epoch 1: epoch 2's open transaction is aborted, and the flow writes epoch 2 again.
        using var resumed = Build(kafka, RoundTrip(lastCommittedInStore));
        resumed.WriteBatch(Messages("b"));
        ((IEpochAwareSinkPartition)resumed).EpochClosed(2);
        ((IEpochAwareSinkPartition)resumed).EpochCommitted(2);

        Assert.Equal(["a", "b"], kafka.Committed);
    }

    [Fact]
    public void Partition_FencedByANewerProducerWithItsId_FailsNamingTopicAndTransactionalId()
    {
        var kafka = new RecordingKafka();
        using var zombie = Build(kafka, null);
        zombie.WriteBatch(Messages("a"));
        using var successor = Build(kafka, null);

        var error = Assert.Throws<KafkaTransactionException>(() => zombie.WriteBatch(Messages("b")));

        Assert.True(error.Fenced);
        Assert.Equal(Confluent.Kafka.ErrorCode.Local_Fenced, error.Error);
        Assert.Equal(("out", Id), (error.Topic, error.TransactionalId));
        Assert.Contains($"'{Id}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("topic 'out'", error.Message, StringComparison.Ordinal);
        Assert.Contains("fenced", error.Message, StringComparison.Ordinal);
        Assert.Empty(kafka.Committed);
    }

    [Fact]
    public void Partition_KafkaSaysTheCommitMustBeAborted_SendsTheEpochAgainInANewTransaction()
    {
        var kafka = new RecordingKafka();
        using var partition = Build(kafka, null);
        partition.WriteBatch(Messages("a"));
        ((IEpochAwareSinkPartition)partition).EpochClosed(1);
        kafka.AbortNextCommits(1);

        ((IEpochAwareSinkPartition)partition).EpochCommitted(1);

        Assert.Equal(["a"], kafka.Committed);
        Assert.Equal(["commit 1", "abort", "begin", "produce a", "flush", "commit 1"], kafka.CallsOf(Id)[^6..]);
    }

    [Fact]
    public void Partition_DisposedWithAnOpenTransaction_AbortsIt()
    {
        var kafka = new RecordingKafka();
        var partition = Build(kafka, null);
        partition.WriteBatch(Messages("a"));

        partition.Dispose();

        Assert.Equal("abort", kafka.CallsOf(Id)[^1]);
        Assert.Empty(kafka.Committed);
    }

    [Fact]
    public void KafkaSink_TransactionalIds_AreTheFlowStepAndPartitionOrThePrefix()
    {
        var flow = new Dataflow("orders");
        var sink = new KafkaSink<string, string>(Options() with { Producers = 2 }, KafkaSerdes.Utf8, KafkaSerdes.Utf8);
        flow.Input("in", new TestingSource<int>([1])).Map("m", i => new KafkaSinkMessage<string, string>("k", "v")).KafkaOutput("out", sink);
        var prefixed = new KafkaSink<string, string>(Options() with { TransactionalIdPrefix = "shop" }, KafkaSerdes.Utf8, KafkaSerdes.Utf8);
        var unbound = new KafkaSink<string, string>(Options(), KafkaSerdes.Utf8, KafkaSerdes.Utf8);

        Assert.Equal("orders/out.write/out/producer-1", sink.TransactionalIdOf("out.write", "out/producer-1"));
        Assert.Equal("shop/out.write/out/producer-0", prefixed.TransactionalIdOf("out.write", "out/producer-0"));
        Assert.Contains("KafkaOutput", Assert.Throws<InvalidOperationException>(() => unbound.TransactionalIdOf("out.write", "out/producer-0")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    public void KafkaSink_FlowResumedAfterAbort_ReadCommittedViewHoldsEveryRunningCountOnce(int silos, int workers)
    {
        var kafka = new RecordingKafka();
        var store = new InMemoryRecoveryStore();
        var items = Enumerable.Range(0, 120).Select(i => (TestingItem<string>)$"k{i % 5}").ToList();
        items.Insert(70, TestingMarker.Abort());

        Assert.Equal(ExecutionOutcome.Aborted, RunningCounts(kafka, store, items, silos, workers).Outcome);
        Assert.Equal(ExecutionOutcome.Completed, RunningCounts(kafka, store, items, silos, workers).Outcome);

        // Exactly once: every key's counts 1..24, each once, although the aborted run wrote some of them before the crash.
        var expected = Enumerable.Range(0, 5).SelectMany(k => Enumerable.Range(1, 24).Select(c => $"k{k}={c}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, kafka.Committed.Order(StringComparer.Ordinal));
    }

    /// <summary>Counts each word and writes every running count through a transactional sink on <paramref name="silos"/> Orleans silos (1: in this process) of <paramref name="workers"/> workers.</summary>
    private static ExecutionResult RunningCounts(RecordingKafka kafka, InMemoryRecoveryStore store, List<TestingItem<string>> items, int silos, int workers)
    {
        var sink = new KafkaSink<string, string>(Options() with { Producers = 3 }, KafkaSerdes.Utf8, KafkaSerdes.Utf8) { CreateProducer = kafka.Producer };
        var flow = new Dataflow("counts");
        flow.Input("in", new TestingSource<string>(items))
            .KeyOn("key", word => word)
            .StatefulMap<string, long, long>("count", (count, _) => (count + 1, count + 1))
            .Map("message", kv => new KafkaSinkMessage<string, string>(kv.Key, $"{kv.Key}={kv.Value}"))
            .KafkaOutput("out", sink);
        var options = new ExecutionOptions { WorkerCount = workers, Recovery = store, EpochInterval = TimeSpan.Zero };
        return silos == 1 ? DataflowExecution.Run(flow, options) : new TestCluster(silos, workersPerSilo: workers).Run(flow, options);
    }

    private static KafkaSinkOptions Options() => new() { BootstrapServers = "127.0.0.1:1", Topic = "out", Transactional = true };

    private static KafkaTransactionalSinkPartition<string, string> Build(RecordingKafka kafka, KafkaSinkState? resumed) =>
        new(Options(), KafkaSerdes.Utf8, KafkaSerdes.Utf8, kafka.Producer(Id), resumed);

    private static List<KafkaSinkMessage<string, string>> Messages(params string[] values) => values.Select(v => new KafkaSinkMessage<string, string>("k", v)).ToList();

    /// <summary>The state as the recovery store gives it back: through its bytes.</summary>
    private static KafkaSinkState RoundTrip(KafkaSinkState state)
    {
        var bytes = new System.Buffers.ArrayBufferWriter<byte>();
        KafkaSinkStateSerde.Instance.Serialize(state, bytes);
        return KafkaSinkStateSerde.Instance.Deserialize(bytes.WrittenSpan);
    }
}

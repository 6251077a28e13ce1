using System.Diagnostics.Metrics;
using System.Text;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Kafka.Tests.Support;
using Orleans.Dataflow.Testing;
using Orleans.Dataflow.Kafka.Testing;

namespace Orleans.Dataflow.Kafka.Tests;

/// <summary>What the source does with records it cannot read and clusters it cannot reach, and the lag it reports.</summary>
public sealed class KafkaSourceErrorTests
{
    private static readonly byte[] _poison = Encoding.UTF8.GetBytes("{not json");

    [Fact]
    public void KafkaSource_PoisonValueUnderFail_FailsTheFlowNamingTopicPartitionOffsetAndError()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("readings", 2);
        WriteWithPoison(cluster);

        var flow = new Dataflow("poison");
        flow.KafkaInput("in", new KafkaSource<string, KafkaSourceTests.Reading>(KafkaSourceTests.Options(cluster, "readings"), KafkaSerdes.Utf8, KafkaSerdes.Json<KafkaSourceTests.Reading>()))
            .Messages.Output("out", new TestingSink<KafkaMessage<string, KafkaSourceTests.Reading>>([]));
        var error = Assert.Throws<DataflowException>(() => DataflowExecution.Run(flow));

        var cause = Assert.IsType<KafkaDeserializationException>(error.InnerException);
        Assert.Equal(("readings", 1, 6L), (cause.Topic, cause.Partition, cause.Offset));
        Assert.Equal("in.read", error.StepId);
        Assert.Contains("topic 'readings' partition 1 offset 6: value: ", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(cause.InnerException);
    }

    [Fact]
    public void KafkaSource_PoisonValueUnderToErrors_GoesToTheErrorsStreamAndReadingGoesOn()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("readings", 2);
        WriteWithPoison(cluster);
        var messages = new List<KafkaMessage<string, KafkaSourceTests.Reading>>();
        var errors = new List<KafkaSourceError>();

        var flow = new Dataflow("poison");
        var input = flow.KafkaInput("in", new KafkaSource<string, KafkaSourceTests.Reading>(
            KafkaSourceTests.Options(cluster, "readings") with { ErrorPolicy = KafkaErrorPolicy.ToErrors }, KafkaSerdes.Utf8, KafkaSerdes.Json<KafkaSourceTests.Reading>()));
        input.Messages.Output("out", new TestingSink<KafkaMessage<string, KafkaSourceTests.Reading>>(messages));
        input.Errors.Output("dead_letters", new TestingSink<KafkaSourceError>(errors));
        var result = DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = 2 });

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal(19, messages.Count);
        var error = Assert.Single(errors);
        Assert.Equal(("readings", 1, 6L), (error.Topic, error.Partition, error.Offset));
        Assert.Equal(_poison, error.Value);
        Assert.Equal("s13", Encoding.UTF8.GetString(error.Key!));
        Assert.StartsWith("value: ", error.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(messages, m => m.Partition == 1 && m.Offset == 6);
    }

    [Fact]
    public void KafkaSource_InvalidUtf8KeyUnderToErrors_NamesTheKey()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("raw", 1);
        Topics.Produce(cluster, "raw", [([0xFF, 0xFE], Encoding.UTF8.GetBytes("v"), null), (Encoding.UTF8.GetBytes("k"), Encoding.UTF8.GetBytes("w"), null)]);
        var messages = new List<KafkaMessage<string, string>>();
        var errors = new List<KafkaSourceError>();

        var flow = new Dataflow("utf8");
        var input = flow.KafkaInput("in", new KafkaSource<string, string>(
            KafkaSourceTests.Options(cluster, "raw") with { ErrorPolicy = KafkaErrorPolicy.ToErrors }, KafkaSerdes.Utf8, KafkaSerdes.Utf8));
        input.Messages.Output("out", new TestingSink<KafkaMessage<string, string>>(messages));
        input.Errors.Output("dead_letters", new TestingSink<KafkaSourceError>(errors));
        DataflowExecution.Run(flow);

        Assert.Equal("w", Assert.Single(messages).Value);
        var error = Assert.Single(errors);
        Assert.Equal(0, error.Offset);
        Assert.StartsWith("key: ", error.Error, StringComparison.Ordinal);
        Assert.Equal([0xFF, 0xFE], error.Key);
    }

    [Fact]
    public async Task KafkaSource_WrongBootstrapAddress_FailsWithinTheConnectTimeoutNamingTheAddress()
    {
        var flow = new Dataflow("unreachable");
        var options = new KafkaSourceOptions { BootstrapServers = "127.0.0.1:1", Topics = ["events"], ConnectTimeout = TimeSpan.FromSeconds(2) };
        flow.KafkaInput("in", new KafkaSource<string, string>(options, KafkaSerdes.Utf8, KafkaSerdes.Utf8))
            .Messages.Output("out", new TestingSink<KafkaMessage<string, string>>([]));

        // The bound is only a guard against a hang, far above the 2 s the source is given.
        var run = Task.Factory.StartNew(() => DataflowExecution.Run(flow), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var error = await Assert.ThrowsAsync<DataflowException>(() => run.WaitAsync(TimeSpan.FromMinutes(2)));

        var cause = Assert.IsType<KafkaConnectionException>(error.InnerException);
        Assert.Equal("127.0.0.1:1", cause.BootstrapServers);
        Assert.Contains("cannot list the partitions of topic 'events' from Kafka at `127.0.0.1:1` within 00:00:02", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KafkaSource_PartwayThroughAPartition_ReportsItsLag()
    {
        using var cluster = new KafkaMockCluster();
        var topic = $"lag-{Guid.NewGuid():N}";
        cluster.CreateTopic(topic, 1);
        Topics.ProduceStrings(cluster, topic, Enumerable.Range(0, 100).Select(i => ("k", $"{i}")));
        var lags = new List<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KafkaMeters.MeterName && instrument.Name == KafkaMeters.ConsumerLagName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, lag, tags, _) =>
        {
            if (tags.ToArray().Any(t => t.Key == "topic" && (string?)t.Value == topic))
            {
                lags.Add(lag);
            }
        });
        listener.Start();
        var offsets = new List<long>();

        var flow = new Dataflow("lag");
        flow.KafkaInput("in", new KafkaSource<string, string>(KafkaSourceTests.Options(cluster, topic) with { BatchSize = 10 }, KafkaSerdes.Utf8, KafkaSerdes.Utf8))
            .Messages.Map("observe", m =>
            {
                // Between batches of the partition: its lag is what is left after the batch this message came in.
                if (m.Offset == 0)
                {
                    listener.RecordObservableInstruments();
                }

                return m.Offset;
            })
            .Output("out", new TestingSink<long>(offsets));
        DataflowExecution.Run(flow);

        Assert.Equal(100, offsets.Count);
        var lag = Assert.Single(lags);
        Assert.InRange(lag, 90, 99);
    }

    /// <summary>Twenty JSON readings over two partitions, the one at partition 1 offset 6 (the 14th) not JSON.</summary>
    private static void WriteWithPoison(KafkaMockCluster cluster) =>
        Topics.Produce(cluster, "readings", Enumerable.Range(0, 20).Select(i => (
            (byte[]?)Encoding.UTF8.GetBytes($"s{i}"),
            (byte[]?)(i == 13 ? _poison : Encoding.UTF8.GetBytes($$"""{"sensor":"s{{i}}","celsius":{{i}}.5}""")),
            (int?)(i % 2))));
}

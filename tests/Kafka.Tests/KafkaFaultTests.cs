using System.Text;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Kafka.Tests.Support;
using Orleans.Dataflow.Testing;
using Orleans.Dataflow.TestingHost;
using Orleans.Dataflow.Kafka.Testing;

namespace Orleans.Dataflow.Kafka.Tests;

/// <summary>The connectors when the cluster or the flow's silos fail mid-run: a broker away for seconds, a silo killed.</summary>
public sealed class KafkaFaultTests
{
    private const int Partitions = 6;
    private static readonly TimeSpan _noHang = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task KafkaConnectors_BrokerDownForSecondsMidRun_StallThenCatchUpWithNothingLost()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("in", Partitions);
        cluster.CreateTopic("out", Partitions);
        var records = KafkaSourceTests.Records(1200);
        Topics.ProduceSpread(cluster, "in", records, Partitions);
        Task? backUp = null;
        var seen = new HashSet<int>();
        var count = 0;

        var flow = new Dataflow("copy");
        flow.KafkaInput("in", new KafkaSource<string, string>(KafkaSourceTests.Options(cluster, "in") with { BatchSize = 20 }, KafkaSerdes.Utf8, KafkaSerdes.Utf8))
            .Messages.Map("outage", m =>
            {
                // A third of the way through, once every partition is being read, broker 2 (leader of a third of them) goes away for three seconds.
                lock (seen)
                {
                    seen.Add(m.Partition);
                    if (++count < 400 || seen.Count < Partitions || backUp is not null)
                    {
                        return new KafkaSinkMessage<string, string>(m.Key!, m.Value!);
                    }

                    cluster.SetBrokerUp(2, false);
                    backUp = Task.Delay(TimeSpan.FromSeconds(3)).ContinueWith(_ => cluster.SetBrokerUp(2, true), TaskScheduler.Default);
                }

                return new KafkaSinkMessage<string, string>(m.Key!, m.Value!);
            })
            .KafkaOutput("out", new KafkaSink<string, string>(new KafkaSinkOptions { BootstrapServers = cluster.BootstrapServers, Topic = "out", Producers = 2 }, KafkaSerdes.Utf8, KafkaSerdes.Utf8));
        var run = Task.Factory.StartNew(() => DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = 2, EpochInterval = TimeSpan.FromMilliseconds(50), Recovery = new InMemoryRecoveryStore() }),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // The bound only guards against a hang: the flow must end once the broker is back.
        var result = await run.WaitAsync(_noHang);
        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.NotNull(backUp);
        await backUp;
        var written = Topics.ReadAll(cluster, "out", Partitions);
        Assert.Equal(records.Select(r => r.Value).Order(), written.Select(r => Encoding.UTF8.GetString(r.Message.Value)).Order());
    }

    [Fact]
    public async Task KafkaSource_LeaderDownWhenThePartitionOpens_WaitsForItWithinTheConnectTimeout()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("in", Partitions);
        var records = KafkaSourceTests.Records(120);
        Topics.ProduceSpread(cluster, "in", records, Partitions);
        var output = new List<string>();
        cluster.SetBrokerUp(2, false);
        var backUp = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ => cluster.SetBrokerUp(2, true), TaskScheduler.Default);

        var flow = new Dataflow("late_leader");
        flow.KafkaInput("in", new KafkaSource<string, string>(KafkaSourceTests.Options(cluster, "in") with { ConnectTimeout = TimeSpan.FromSeconds(30) }, KafkaSerdes.Utf8, KafkaSerdes.Utf8))
            .Messages.Map("value", m => m.Value!)
            .Output("out", new TestingSink<string>(output));
        var run = Task.Factory.StartNew(() => DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = 2 }), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var result = await run.WaitAsync(_noHang);
        await backUp;
        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal(records.Select(r => r.Value).Order(), output.Order());
    }

    [Fact]
    public void KafkaConnectors_OnTwoSilos_CopyEveryRecordOnceFromTopicToTopic()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("in", Partitions);
        cluster.CreateTopic("out", Partitions);
        var records = KafkaSourceTests.Records(600);
        Topics.ProduceSpread(cluster, "in", records, Partitions);

        var flow = new Dataflow("copy");
        flow.KafkaInput("in", new KafkaSource<string, string>(KafkaSourceTests.Options(cluster, "in"), KafkaSerdes.Utf8, KafkaSerdes.Utf8))
            .Messages.Map("message", m => new KafkaSinkMessage<string, string>(m.Key!, m.Value!))
            .KafkaOutput("out", new KafkaSink<string, string>(new KafkaSinkOptions { BootstrapServers = cluster.BootstrapServers, Topic = "out", Producers = 3 }, KafkaSerdes.Utf8, KafkaSerdes.Utf8));
        var result = new TestCluster(2, workersPerSilo: 2).Run(flow, new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(20), Recovery = new InMemoryRecoveryStore() });

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        var written = Topics.ReadAll(cluster, "out", Partitions);
        Assert.Equal(records.Order(), written.Select(r => (Encoding.UTF8.GetString(r.Message.Key), Encoding.UTF8.GetString(r.Message.Value))).Order());
    }

    [Fact]
    public void KafkaSource_OnTwoSilosOneKilledMidRun_CountsEveryRecordExactlyOnce()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("words", Partitions);
        var records = KafkaSourceTests.Records(3000);
        Topics.ProduceSpread(cluster, "words", records, Partitions);
        var expected = records.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => (long)g.Count());
        var store = new InMemoryRecoveryStore();
        var output = new List<(string Key, long Count)>();

        var flow = new Dataflow("counts");
        flow.KafkaInput("in", new KafkaSource<string, string>(KafkaSourceTests.Options(cluster, "words") with { BatchSize = 10 }, KafkaSerdes.Utf8, KafkaSerdes.Utf8))
            .Messages.Map("slow", m =>
            {
                // Slow enough that the silo dies mid-run, after some commits and well before the end.
                Thread.Sleep(1);
                return m;
            })
            .KeyOn("key", m => m.Key!)
            .StatefulMap<KafkaMessage<string, string>, long, long>("count", (count, _) => (count + 1, count + 1))
            .Output("out", new TestingSink<(string, long)>(output));
        var running = new TestCluster(2, workersPerSilo: 2).Start(flow, new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(20), Recovery = store });
        Assert.True(SpinWait.SpinUntil(() => store.CommittedEpoch >= 3, _noHang), "the cluster committed no epoch");
        int countedAtKill;
        lock (output)
        {
            countedAtKill = output.Count;
        }

        running.Kill(1);
        var result = running.Wait(_noHang);

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.InRange(countedAtKill, 1, records.Count - 1);
        Assert.Equal(expected.OrderBy(e => e.Key), output.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Max(o => o.Count)).OrderBy(e => e.Key));
    }
}

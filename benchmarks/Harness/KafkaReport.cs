using System.Diagnostics;
using Confluent.Kafka;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Kafka;
using Orleans.Dataflow.Kafka.Testing;
using Orleans.Dataflow.Silo.Hosting;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>The Kafka connectors against the plain Confluent clients: the same topic-to-topic copy on librdkafka's mock cluster, in the same run.</summary>
/// <remarks>
/// A topic of 4 partitions holds string records (written before the timer). The hand-written copy assigns one
/// consumer to every partition and produces each record it reads to another topic with an idempotent producer
/// (acks=all, as the sink), then flushes. The engine runs <c>KafkaInput → Map → KafkaOutput</c> with 1 and 2
/// workers and 10 s epochs, reading until each partition's end (<c>Tail = false</c>). Both copies are counted back
/// from their output topic after the timer. The mock cluster is librdkafka's, in this process: its own cost is in
/// both figures, so the ratio says what the connectors add to the clients, not what a real broker can take.
/// </remarks>
public static class KafkaReport
{
    private const int Partitions = 4;
    private const double Floor = 0.7;

    /// <summary>Copies <c>400 000 / divisor</c> records both ways, <paramref name="runs"/> times each after a warm-up, and prints the medians and ratios.</summary>
    public static void Print(TextWriter output, int divisor, int runs)
    {
        var judged = divisor == 1;
        var records = 400_000 / divisor;
        output.WriteLine();
        output.WriteLine("== Kafka: topic-to-topic copy, connectors against the plain Confluent clients ==");
        output.WriteLine($"{records:N0} string records in {Partitions} partitions on librdkafka's mock cluster (3 brokers, in this process); "
            + $"plain copy: one consumer, one idempotent producer; engine: KafkaInput -> Map -> KafkaOutput, 10 s epochs; warm-up 1, median of {runs}");
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("in", Partitions);
        Fill(cluster, records);
        var run = 0;
        TimeSpan Plain() => CopyPlain(cluster, records, $"plain-{run++}");
        TimeSpan Engine(int workers) => CopyEngine(cluster, records, workers, $"engine-{run++}");
        Plain();
        Engine(1);
        var plain = Median(Enumerable.Range(0, runs).Select(_ => Plain()));
        foreach (var workers in new[] { 1, 2 })
        {
            var engine = Median(Enumerable.Range(0, runs).Select(_ => Engine(workers)));
            var ratio = plain / engine;
            output.WriteLine($"  plain {plain.TotalSeconds:0.000} s ({records / plain.TotalSeconds / 1e3:0} k records/s)  |  engine {workers} worker{(workers == 1 ? string.Empty : "s")} "
                + $"{engine.TotalSeconds:0.000} s ({records / engine.TotalSeconds / 1e3:0} k records/s)  |  ratio {ratio:0.000}  {(!judged ? "n/a (--quick)" : ratio >= Floor ? "PASS" : "FAIL")} >= {Floor}");
        }
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static void Fill(KafkaMockCluster cluster, int records)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, LingerMs = 5 }).Build();
        for (var i = 0; i < records; i++)
        {
            producer.Produce(new TopicPartition("in", i % Partitions), new Message<string, string> { Key = $"k{i % 1000}", Value = $"value {i}" });
        }

        if (producer.Flush(TimeSpan.FromSeconds(60)) != 0)
        {
            throw new InvalidOperationException("the Kafka benchmark's input was not all acknowledged within 60 s");
        }
    }

    private static TimeSpan CopyPlain(KafkaMockCluster cluster, int records, string topic)
    {
        cluster.CreateTopic(topic, Partitions);
        var clock = Stopwatch.StartNew();
        using (var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = topic, EnableAutoCommit = false, EnablePartitionEof = true }).Build())
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, EnableIdempotence = true, Acks = Acks.All, LingerMs = 5 }).Build())
        {
            consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset("in", p, Offset.Beginning)));
            var ended = 0;
            while (ended < Partitions)
            {
                var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new InvalidOperationException("the plain Kafka copy read nothing for 10 s");
                if (result.IsPartitionEOF)
                {
                    ended++;
                    continue;
                }

                producer.Produce(topic, new Message<string, string> { Key = result.Message.Key, Value = result.Message.Value });
            }

            if (producer.Flush(TimeSpan.FromSeconds(60)) != 0)
            {
                throw new InvalidOperationException("the plain Kafka copy was not all acknowledged within 60 s");
            }
        }

        var elapsed = clock.Elapsed;
        Check(cluster, topic, records);
        return elapsed;
    }

    private static TimeSpan CopyEngine(KafkaMockCluster cluster, int records, int workers, string topic)
    {
        cluster.CreateTopic(topic, Partitions);
        var flow = new Dataflow("kafka_copy");
        flow.KafkaInput("in", new KafkaSource<string, string>(new KafkaSourceOptions { BootstrapServers = cluster.BootstrapServers, Topics = ["in"], Tail = false }, KafkaSerdes.Utf8, KafkaSerdes.Utf8))
            .Messages.Map("copy", m => new KafkaSinkMessage<string, string>(m.Key!, m.Value!))
            .KafkaOutput("out", new KafkaSink<string, string>(new KafkaSinkOptions { BootstrapServers = cluster.BootstrapServers, Topic = topic }, KafkaSerdes.Utf8, KafkaSerdes.Utf8));
        var clock = Stopwatch.StartNew();
        DataflowRunner.Run(flow, new ExecutionOptions { WorkerCount = workers, EpochInterval = EngineSettings.EpochInterval });
        var elapsed = clock.Elapsed;
        Check(cluster, topic, records);
        return elapsed;
    }

    /// <summary>Counts what <paramref name="topic"/> holds, untimed: a copy that lost or doubled records is no figure.</summary>
    private static void Check(KafkaMockCluster cluster, string topic, int records)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = topic + "-check", EnableAutoCommit = false, EnablePartitionEof = true }).Build();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var (count, ended) = (0, 0);
        while (ended < Partitions)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new InvalidOperationException($"reading back '{topic}' stalled after {count} records");
            if (result.IsPartitionEOF)
            {
                ended++;
            }
            else
            {
                count++;
            }
        }

        if (count != records)
        {
            throw new InvalidOperationException($"the copy to '{topic}' holds {count} records, not {records}");
        }
    }
}

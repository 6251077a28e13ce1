// Word count over Kafka: lines from a topic, counts per word in 10-second tumbling windows, counts to a topic
// (Bytewax's Kafka word count, with the Kafka connectors of Connectors/Kafka).
//
// The connector is a project of its own (the engine does not depend on Kafka): build it, then run from the
// repository root:
//   dotnet build Connectors/Kafka
//   dotnet run --project Silo -- run samples/kafka_wordcount.csx -r recovery --arg bootstrap=localhost:9092
//   dotnet run --project Silo -- run samples/kafka_wordcount.csx --arg bootstrap=HOST:PORT --arg in=lines --arg out=counts --arg tail=false
//
// Reads every partition of topic `--arg in=TOPIC` (default `lines`) at `--arg bootstrap=HOST:PORT,...` (default
// localhost:9092) from its earliest record, or, with a recovery store (`-r`), from where the last run's committed
// epoch left each partition. Each record's value is a line of UTF-8 text; its words are the runs of letters and
// digits, lower-cased. Windows are by the record's Kafka timestamp (an event clock that waits 5 s for stragglers),
// aligned to 1970-01-01T00:00:00Z. When a window closes, one record per word goes to topic `--arg out=TOPIC`
// (default `counts`, which must exist), key the word (UTF-8), value JSON:
//
//   {"word":"to","windowStart":"2024-03-01T12:00:00+00:00","count":2}
//
// A value that is not UTF-8 does not stop the flow: it goes, with its topic, partition and offset, to stderr
// (`bad record: ...`), through the input's errors stream. The flow tails the topic until stopped (Ctrl+C);
// with `--arg tail=false` it ends at the end of every partition, closing every window. Nothing goes to stdout.

#r "../Connectors/Kafka/bin/Debug/net10.0/Confluent.Kafka.dll"
#r "../Connectors/Kafka/bin/Debug/net10.0/Orleans.Dataflow.Kafka.dll"

using System.Text.RegularExpressions;
using Orleans.Dataflow.Kafka;
using Orleans.Dataflow.Windowing;

var bootstrap = Args.GetValueOrDefault("bootstrap") ?? "localhost:9092";
var inTopic = Args.GetValueOrDefault("in") ?? "lines";
var outTopic = Args.GetValueOrDefault("out") ?? "counts";
var tail = !string.Equals(Args.GetValueOrDefault("tail"), "false", StringComparison.OrdinalIgnoreCase);
var window = TimeSpan.FromSeconds(10);
var words = new Regex(@"[\p{L}\p{N}]+", RegexOptions.Compiled);

var flow = new Dataflow("kafka_wordcount");
var input = flow.KafkaInput("in", new KafkaSource<string, string>(
    new KafkaSourceOptions { BootstrapServers = bootstrap, Topics = [inTopic], Tail = tail, ErrorPolicy = KafkaErrorPolicy.ToErrors },
    KafkaSerdes.Utf8, KafkaSerdes.Utf8));

input.Errors.Inspect("bad_records", (_, error) => Console.Error.WriteLine(
    $"bad record: topic {error.Topic} partition {error.Partition} offset {error.Offset}: {error.Error}"));

input.Messages
    .FlatMap("split", message => words.Matches(message.Value ?? string.Empty).Select(word => (Word: word.Value.ToLowerInvariant(), message.Timestamp)))
    .CountWindow("count", new EventClock<(string Word, DateTimeOffset Timestamp)>(word => word.Timestamp, TimeSpan.FromSeconds(5)),
        new TumblingWindower(window, DateTimeOffset.UnixEpoch), word => word.Word)
    .Down.Map("message", count => new KafkaSinkMessage<string, WordCount>(count.Key,
        new WordCount(count.Key, DateTimeOffset.UnixEpoch + window * count.Value.WindowId, count.Value.Value)))
    .KafkaOutput("out", new KafkaSink<string, WordCount>(new KafkaSinkOptions { BootstrapServers = bootstrap, Topic = outTopic }, KafkaSerdes.Utf8, KafkaSerdes.Json<WordCount>()));

/// <summary>What the output topic holds per word and window.</summary>
record WordCount(string Word, DateTimeOffset WindowStart, long Count);

flow

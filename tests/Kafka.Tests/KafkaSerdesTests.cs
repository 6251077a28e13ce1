using System.Text;
using System.Text.Json;

namespace Orleans.Dataflow.Kafka.Tests;

/// <summary>The built-in serdes and the options' checks, without a cluster.</summary>
public sealed class KafkaSerdesTests
{
    [Fact]
    public void Utf8_RoundTripAndNull_GiveBackTheStringAndNull()
    {
        Assert.Equal("grüße", KafkaSerdes.Utf8.Deserialize(KafkaSerdes.Utf8.Serialize("grüße")));
        Assert.Equal(Encoding.UTF8.GetBytes("grüße"), KafkaSerdes.Utf8.Serialize("grüße"));
        Assert.Null(KafkaSerdes.Utf8.Deserialize(null));
        Assert.Null(KafkaSerdes.Utf8.Serialize(null!));
    }

    [Fact]
    public void Utf8_InvalidBytes_ThrowInsteadOfReplacing()
    {
        Assert.Throws<DecoderFallbackException>(() => KafkaSerdes.Utf8.Deserialize([0xC3, 0x28]));
    }

    [Fact]
    public void Json_RecordWithWebDefaults_RoundTripsWithCamelCaseNames()
    {
        var serde = KafkaSerdes.Json<KafkaSourceTests.Reading>();

        var bytes = serde.Serialize(new KafkaSourceTests.Reading("s1", 2.5));

        Assert.Equal("""{"sensor":"s1","celsius":2.5}""", Encoding.UTF8.GetString(bytes!));
        Assert.Equal(new KafkaSourceTests.Reading("s1", 2.5), serde.Deserialize(bytes));
        Assert.Null(serde.Deserialize(null));
        Assert.ThrowsAny<JsonException>(() => serde.Deserialize(Encoding.UTF8.GetBytes("{\"sensor\":")));
    }

    [Fact]
    public void Bytes_AnyBytes_PassThroughUnchanged()
    {
        byte[] data = [0, 255, 7];

        Assert.Same(data, KafkaSerdes.Bytes.Serialize(data));
        Assert.Same(data, KafkaSerdes.Bytes.Deserialize(data));
        Assert.Null(KafkaSerdes.Bytes.Deserialize(null));
    }

    [Fact]
    public void KafkaSourceOptions_MissingTopicsOrBadSizes_AreRefusedNamingTheSetting()
    {
        var good = new KafkaSourceOptions { BootstrapServers = "127.0.0.1:9092", Topics = ["a"] };

        Assert.Equal("Topics", Assert.Throws<ArgumentException>(() => (good with { Topics = [] }).Validate()).ParamName);
        Assert.Equal("Topics", Assert.Throws<ArgumentException>(() => (good with { Topics = ["a", "a"] }).Validate()).ParamName);
        Assert.Equal("BootstrapServers", Assert.Throws<ArgumentException>(() => (good with { BootstrapServers = " " }).Validate()).ParamName);
        Assert.Equal("BatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => (good with { BatchSize = 0 }).Validate()).ParamName);
        Assert.Equal("ConnectTimeout", Assert.Throws<ArgumentOutOfRangeException>(() => (good with { ConnectTimeout = TimeSpan.Zero }).Validate()).ParamName);
        good.Validate();
    }

    [Fact]
    public void KafkaSinkOptions_LingerNotUnderTheDeliveryTimeout_IsRefused()
    {
        var good = new KafkaSinkOptions { BootstrapServers = "127.0.0.1:9092", Topic = "t" };

        Assert.Equal("Linger", Assert.Throws<ArgumentException>(() => (good with { Linger = TimeSpan.FromSeconds(30) }).Validate()).ParamName);
        Assert.Equal("Producers", Assert.Throws<ArgumentOutOfRangeException>(() => (good with { Producers = 0 }).Validate()).ParamName);
        Assert.Equal("Topic", Assert.Throws<ArgumentException>(() => (good with { Topic = "" }).Validate()).ParamName);
        good.Validate();
    }

    [Fact]
    public void KafkaSource_PartitionOfAnotherTopic_IsRefusedOnResume()
    {
        var source = new KafkaSource<string, string>(new KafkaSourceOptions { BootstrapServers = "127.0.0.1:1", Topics = ["a"] }, KafkaSerdes.Utf8, KafkaSerdes.Utf8);

        var error = Assert.Throws<ArgumentException>(() => source.BuildPart("in", "b/0", 5));

        Assert.Contains("`b/0`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KafkaSink_Partitions_AreNamedByTopicAndProducer()
    {
        var sink = new KafkaSink<string, string>(new KafkaSinkOptions { BootstrapServers = "127.0.0.1:1", Topic = "out", Producers = 3 }, KafkaSerdes.Utf8, KafkaSerdes.Utf8);

        Assert.Equal(["out/producer-0", "out/producer-1", "out/producer-2"], sink.ListParts());
        Assert.Throws<ArgumentException>(() => sink.BuildPart("out", "out/producer-3", null));
    }
}

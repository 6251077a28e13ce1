using System.Buffers;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Kafka.Tests;

/// <summary>The Kafka sink's snapshot format, pinned byte for byte: snapshots outlive the code that wrote them.</summary>
public sealed class KafkaSinkStateSerdeTests
{
    [Fact]
    public void Serialize_CountOnly_IsTheEightBytesTheSinkStoredBeforeTransactions()
    {
        var state = KafkaSinkStateSerde.Instance.Deserialize(Convert.FromHexString("2A00000000000000"));

        Assert.Equal(42, state.Acknowledged);
        Assert.Equal(0, state.UnconfirmedEpochs);
        Assert.Equal("2A00000000000000", Hex(state));
    }

    [Fact]
    public void Serialize_EpochWithAFullMessageAndATombstone_IsTheGoldenBytesAndReadsBack()
    {
        var full = new KafkaOutgoing([(byte)'k'], [(byte)'v'], 2, 1000, [new KafkaHeader("h", [1])]);
        var tombstone = new KafkaOutgoing([(byte)'k'], null, null, null, null);
        var state = new KafkaSinkState(5, [new KafkaSinkEpoch(7, [full, tombstone])]);
        const string Golden = "0500000000000000" + "01" + "01000000" + "0700000000000000" + "02000000"
            + "0F" + "010000006B" + "0100000076" + "02000000" + "E803000000000000" + "01000000" + "0100000068" + "0100000001"
            + "01" + "010000006B" + "00000000";

        var back = KafkaSinkStateSerde.Instance.Deserialize(Convert.FromHexString(Golden));

        Assert.Equal(Golden, Hex(state));
        Assert.Equal(5, back.Acknowledged);
        var epoch = Assert.Single(back.Unconfirmed);
        Assert.Equal(7, epoch.Epoch);
        Assert.Equal("k", System.Text.Encoding.UTF8.GetString(epoch.Messages[0].Key!));
        Assert.Equal("v", System.Text.Encoding.UTF8.GetString(epoch.Messages[0].Value!));
        Assert.Equal((2, 1000L), (epoch.Messages[0].Partition, epoch.Messages[0].Timestamp));
        var header = Assert.Single(epoch.Messages[0].Headers!);
        Assert.Equal("h", header.Key);
        Assert.Equal([1], header.Value!);
        Assert.Equal("k", System.Text.Encoding.UTF8.GetString(epoch.Messages[1].Key!));
        Assert.Equal((null, null, null, null), (epoch.Messages[1].Value, epoch.Messages[1].Partition, epoch.Messages[1].Timestamp, epoch.Messages[1].Headers));
    }

    [Theory]
    [InlineData("05000000000000000101000000")]
    [InlineData("050000000000000002")]
    [InlineData("0500")]
    public void Deserialize_TruncatedOrUnknownBytes_ThrowsSerdeException(string hex) =>
        Assert.Throws<SerdeException>(() => KafkaSinkStateSerde.Instance.Deserialize(Convert.FromHexString(hex)));

    private static string Hex(KafkaSinkState state)
    {
        var writer = new ArrayBufferWriter<byte>();
        KafkaSinkStateSerde.Instance.Serialize(state, writer);
        return Convert.ToHexString(writer.WrittenSpan);
    }
}

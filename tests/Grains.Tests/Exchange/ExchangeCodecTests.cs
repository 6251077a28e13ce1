using System.Buffers;
using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Grains.Tests.Exchange;

/// <summary>The wire format of exchange batches: each record as a 4-byte little-endian length and its serde bytes. Append-only.</summary>
public sealed class ExchangeCodecTests
{
    [Fact]
    public void ExchangeCodec_KeyedLongs_EncodesLengthPrefixedRecords()
    {
        var codec = new ExchangeCodec<(string, long)>(Serde.For<(string, long)>());
        var bytes = new ArrayBufferWriter<byte>();

        codec.Encode(new[] { ("a", 1L), ("b", 2L) }, 2, bytes);

        byte[] record(byte key, byte value) =>
            [0x11, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, key, 0x08, 0x00, 0x00, 0x00, value, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        Assert.Equal([.. record(0x61, 0x01), .. record(0x62, 0x02)], bytes.WrittenSpan.ToArray());
    }

    [Fact]
    public void ExchangeCodec_EncodedBatch_DecodesToTheSameRecords()
    {
        var codec = new ExchangeCodec<(string, long)>(Serde.For<(string, long)>());
        var bytes = new ArrayBufferWriter<byte>();
        (string, long)[] records = [("x", -1L), ("é", long.MaxValue), (string.Empty, 0L)];

        codec.Encode(records, 3, bytes);
        var decoded = (ValueTuple<string, long>[])codec.Decode(new ReadOnlySequence<byte>(bytes.WrittenMemory), 3);

        Assert.Equal(records, decoded.Take(3));
    }

    [Fact]
    public void ExchangeCodec_TruncatedBatch_ThrowsSerdeExceptionNamingTheRecord()
    {
        var codec = new ExchangeCodec<long>(Serde.For<long>());
        var bytes = new ArrayBufferWriter<byte>();
        codec.Encode(new[] { 1L, 2L }, 2, bytes);

        var error = Assert.Throws<SerdeException>(() => codec.Decode(new ReadOnlySequence<byte>(bytes.WrittenMemory[..^3]), 2));

        Assert.Contains("record 1 of 2", error.Message, StringComparison.Ordinal);
    }
}

using System.Buffers;
using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Grains.Tests.Exchange;

/// <summary>The codec of keyed exchanges: the pair codec's bytes, and keys read back as the strings the receiver already holds.</summary>
public sealed class KeyedExchangeCodecTests
{
    private static readonly (string Key, long Value)[] _records = [("x", -1L), ("é", long.MaxValue), (string.Empty, 0L), (new string('k', 300), 7L), ("x", 2L)];

    [Fact]
    public void Encode_KeyedRecords_WritesTheSameBytesAsThePairCodec()
    {
        var pair = new ArrayBufferWriter<byte>();
        var keyed = new ArrayBufferWriter<byte>();

        new ExchangeCodec<(string, long)>(Serde.For<(string, long)>()).Encode(_records, _records.Length, pair);
        NewCodec().Encode(_records, _records.Length, keyed);

        Assert.Equal(pair.WrittenSpan.ToArray(), keyed.WrittenSpan.ToArray());
    }

    [Fact]
    public void Decode_BatchOfThePairCodec_ReadsTheSameRecords()
    {
        var bytes = new ArrayBufferWriter<byte>();
        new ExchangeCodec<(string, long)>(Serde.For<(string, long)>()).Encode(_records, _records.Length, bytes);

        var decoded = (ValueTuple<string, long>[])NewCodec().Decode(new ReadOnlySequence<byte>(bytes.WrittenMemory), _records.Length);

        Assert.Equal(_records, decoded.Take(_records.Length));
    }

    [Fact]
    public void Decode_ManyKeysOfAnyScript_ReadsEachBackEveryTime()
    {
        var codec = NewCodec();
        var records = Enumerable.Range(0, 200_000).Select(i => (i % 3 == 0 ? $"café-{i}" : $"k{i}", (long)i)).ToArray();

        var decoded = RoundTrip(codec, records);
        var again = RoundTrip(codec, records);

        Assert.Equal(records, decoded);
        Assert.Equal(records, again);
    }

    [Fact]
    public void Decode_TruncatedBatch_ThrowsSerdeExceptionNamingTheRecord()
    {
        var codec = NewCodec();
        var bytes = new ArrayBufferWriter<byte>();
        codec.Encode(new[] { ("a", 1L), ("b", 2L) }, 2, bytes);

        var error = Assert.Throws<SerdeException>(() => codec.Decode(new ReadOnlySequence<byte>(bytes.WrittenMemory[..^3]), 2));

        Assert.Contains("record 1 of 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_RecordWithBytesAfterItsValue_ThrowsSerdeException()
    {
        var bytes = new ArrayBufferWriter<byte>();
        NewCodec().Encode(new[] { ("a", 1L) }, 1, bytes);
        var padded = bytes.WrittenSpan.ToArray();
        padded[0]++;

        var error = Assert.Throws<SerdeException>(() => NewCodec().Decode(new ReadOnlySequence<byte>([.. padded, 0]), 1));

        Assert.Contains("record 0 of 1", error.Message, StringComparison.Ordinal);
    }

    private static KeyedExchangeCodec<long> NewCodec() => new(Serde.For<string>(), Serde.For<long>());

    private static (string Key, long Value)[] RoundTrip(KeyedExchangeCodec<long> codec, (string Key, long Value)[] records)
    {
        var bytes = new ArrayBufferWriter<byte>();
        codec.Encode(records, records.Length, bytes);
        return ((ValueTuple<string, long>[])codec.Decode(new ReadOnlySequence<byte>(bytes.WrittenMemory), records.Length)).Take(records.Length).ToArray();
    }
}

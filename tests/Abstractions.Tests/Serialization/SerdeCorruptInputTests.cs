using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Abstractions.Tests.Serialization;

public sealed class SerdeCorruptInputTests
{
    [Fact]
    public void Serde_Int32WrongLength_ThrowsSerdeExceptionNamingType()
        => AssertCorrupt<int>([0x01, 0x02, 0x03], "Int32");

    [Fact]
    public void Serde_Int64WrongLength_ThrowsSerdeExceptionNamingType()
        => AssertCorrupt<long>([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07], "Int64");

    [Fact]
    public void Serde_DoubleWrongLength_ThrowsSerdeExceptionNamingType()
        => AssertCorrupt<double>([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09], "Double");

    [Fact]
    public void Serde_BooleanWrongLengthOrValue_ThrowsSerdeExceptionNamingType()
    {
        AssertCorrupt<bool>([], "Boolean");
        AssertCorrupt<bool>([0x02], "Boolean");
    }

    [Fact]
    public void Serde_StringInvalidUtf8_ThrowsSerdeExceptionNamingType()
    {
        AssertCorrupt<string>([0xC3], "String");
        AssertCorrupt<string>([0x61, 0xFF, 0x62], "String");
    }

    [Fact]
    public void Serde_DateTimeOffsetWrongLength_ThrowsSerdeExceptionNamingType()
        => AssertCorrupt<DateTimeOffset>([0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00], "DateTimeOffset");

    [Fact]
    public void Serde_DateTimeOffsetOutOfRange_ThrowsSerdeExceptionNamingType()
        => AssertCorrupt<DateTimeOffset>([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x00, 0x00], "DateTimeOffset");

    [Fact]
    public void Serde_StringWithLoneSurrogate_RefusesToWriteIt()
    {
        var error = Assert.Throws<SerdeException>(() => Serde.For<string>().ToBytes("a\uD800b"));
        Assert.Contains("lone surrogate (at index 1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serde_NullByteArray_RefusesToWriteIt()
    {
        var error = Assert.Throws<SerdeException>(() => Serde.For<byte[]>().ToBytes(null!));
        Assert.Contains("Byte[]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serde_PairTruncated_ThrowsSerdeExceptionNamingElementType()
    {
        AssertCorrupt<(string, long)>([0x01, 0x00, 0x00, 0x00, 0x61], "Int64");
        AssertCorrupt<(string, long)>([0x05, 0x00, 0x00, 0x00, 0x61], "String");
        AssertCorrupt<(string, long)>([0x01, 0x00, 0x00, 0x00, 0x61, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00], "Int64");
    }

    [Fact]
    public void Serde_PairWithTrailingBytes_ThrowsSerdeExceptionNamingTupleType()
        => AssertCorrupt<(string, long)>(
            [0x01, 0x00, 0x00, 0x00, 0x61, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09],
            "ValueTuple`2");

    [Fact]
    public void Serde_TripleTruncated_ThrowsSerdeExceptionNamingElementType()
        => AssertCorrupt<(string, int, double)>([0x01, 0x00, 0x00, 0x00, 0x6B, 0x04, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00], "Double");

    [Fact]
    public void Serde_JsonTruncatedOrWrongShape_ThrowsSerdeExceptionNamingType()
    {
        AssertCorrupt<List<int>>("[1,"u8.ToArray(), "List`1");
        AssertCorrupt<Dictionary<string, int>>("[1]"u8.ToArray(), "Dictionary`2");
        AssertCorrupt<SerdeRoundTripTests.Person>("{\"Name\":"u8.ToArray(), "Person");
    }

    private static void AssertCorrupt<T>(byte[] bytes, string typeName)
    {
        var error = Assert.Throws<SerdeException>(() => Serde.For<T>().Deserialize(bytes));
        Assert.Contains(typeName, error.Message, StringComparison.Ordinal);
    }
}

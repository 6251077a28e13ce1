using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Abstractions.Tests.Serialization;

/// <summary>
/// The exact bytes of every fast-path encoding. These are persisted (recovery snapshots) and sent between silos:
/// they must never change. Add cases; never edit one.
/// </summary>
public sealed class SerdeGoldenBytesTests
{
    [Fact]
    public void Serde_Int32_IsFourBytesLittleEndian()
    {
        AssertBytes(1, [0x01, 0x00, 0x00, 0x00]);
        AssertBytes(-2, [0xFE, 0xFF, 0xFF, 0xFF]);
        AssertBytes(0x12345678, [0x78, 0x56, 0x34, 0x12]);
        AssertBytes(int.MinValue, [0x00, 0x00, 0x00, 0x80]);
    }

    [Fact]
    public void Serde_Int64_IsEightBytesLittleEndian()
    {
        AssertBytes(0x0102030405060708L, [0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01]);
        AssertBytes(-1L, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        AssertBytes(0L, [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
    }

    [Fact]
    public void Serde_Double_IsEightBytesIeee754LittleEndian()
    {
        AssertBytes(1.0, [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F]);
        AssertBytes(-2.5, [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0xC0]);
        AssertBytes(-0.0, [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80]);
        AssertBytes(double.NaN, [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0xFF]);
    }

    [Fact]
    public void Serde_Boolean_IsOneByte()
    {
        AssertBytes(true, [0x01]);
        AssertBytes(false, [0x00]);
    }

    [Fact]
    public void Serde_String_IsUtf8AndNullIsFF()
    {
        AssertBytes("abc", [0x61, 0x62, 0x63]);
        AssertBytes("é☃", [0xC3, 0xA9, 0xE2, 0x98, 0x83]);
        AssertBytes("𝄞", [0xF0, 0x9D, 0x84, 0x9E]);
        AssertBytes(string.Empty, []);
        AssertBytes<string>(null!, [0xFF]);
    }

    [Fact]
    public void Serde_ByteArray_IsTheBytesThemselves()
    {
        AssertBytes(new byte[] { 0x01, 0x02, 0xFF }, [0x01, 0x02, 0xFF]);
        AssertBytes(Array.Empty<byte>(), []);
    }

    [Fact]
    public void Serde_DateTimeOffset_IsUtcTicksThenOffsetMinutes()
    {
        AssertBytes(
            new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            [0x80, 0xF0, 0x36, 0xB7, 0x2E, 0x0B, 0xDC, 0x08, 0x78, 0x00]);
        AssertBytes(
            new DateTimeOffset(2001, 2, 3, 4, 5, 6, 789, TimeSpan.FromMinutes(-330)),
            [0x50, 0xA5, 0x5C, 0xBA, 0xDB, 0x5B, 0xC2, 0x08, 0xB6, 0xFE]);
        AssertBytes(
            DateTimeOffset.UnixEpoch,
            [0x00, 0x80, 0xB5, 0xF7, 0xF5, 0x7F, 0x9F, 0x08, 0x00, 0x00]);
    }

    [Fact]
    public void Serde_StringInt64Pair_IsLengthPrefixedElements()
    {
        AssertBytes(
            ("a", 1L),
            [0x01, 0x00, 0x00, 0x00, 0x61, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
        AssertBytes(
            ((string)null!, -1L),
            [0x01, 0x00, 0x00, 0x00, 0xFF, 0x08, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
    }

    [Fact]
    public void Serde_StringInt32DoubleTriple_IsLengthPrefixedElements()
    {
        AssertBytes(
            ("k", 3, 0.5),
            [
                0x01, 0x00, 0x00, 0x00, 0x6B,
                0x04, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
                0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xE0, 0x3F,
            ]);
    }

    [Fact]
    public void Serde_JsonTypes_AreCompactUtf8Json()
    {
        AssertBytes(new List<int> { 1, 2, 3 }, "[1,2,3]"u8.ToArray());
        AssertBytes(new Dictionary<string, int> { ["a"] = 1 }, "{\"a\":1}"u8.ToArray());
        AssertBytes(new SerdeRoundTripTests.Person("Ada", 36, ["x"]), "{\"Name\":\"Ada\",\"Age\":36,\"Tags\":[\"x\"]}"u8.ToArray());
    }

    private static void AssertBytes<T>(T value, byte[] expected)
    {
        var serde = Serde.For<T>();
        Assert.Equal(expected, serde.ToBytes(value));
    }
}

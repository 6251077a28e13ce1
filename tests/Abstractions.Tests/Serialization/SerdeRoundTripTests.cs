using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Abstractions.Tests.Serialization;

public sealed class SerdeRoundTripTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void Serde_Int32_RoundTrips(int value) => Assert.Equal(value, RoundTrip(value));

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void Serde_Int64_RoundTrips(long value) => Assert.Equal(value, RoundTrip(value));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(-2.25e-300)]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public void Serde_Double_RoundTripsBitForBit(double value)
        => Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(RoundTrip(value)));

    [Fact]
    public void Serde_DoubleNegativeZero_KeepsItsSign()
        => Assert.True(double.IsNegative(RoundTrip(-0.0)));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Serde_Boolean_RoundTrips(bool value) => Assert.Equal(value, RoundTrip(value));

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData(null)]
    [InlineData("héllo wörld")]
    [InlineData("日本語 ☃")]
    [InlineData("𝄞 surrogate pair")]
    [InlineData("nul\0inside")]
    public void Serde_String_RoundTripsNullAndNonAscii(string? value) => Assert.Equal(value, RoundTrip(value!));

    [Fact]
    public void Serde_ByteArray_RoundTrips()
    {
        Assert.Equal(Array.Empty<byte>(), RoundTrip(Array.Empty<byte>()));
        Assert.Equal(new byte[] { 0, 1, 127, 128, 255 }, RoundTrip(new byte[] { 0, 1, 127, 128, 255 }));
    }

    [Fact]
    public void Serde_DateTimeOffset_RoundTripsInstantAndOffset()
    {
        DateTimeOffset[] values =
        [
            new(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            new(2001, 2, 3, 4, 5, 6, 789, TimeSpan.FromMinutes(-330)),
            new DateTimeOffset(2020, 2, 29, 23, 59, 59, TimeSpan.Zero).AddTicks(1234567),
            DateTimeOffset.MinValue,
            DateTimeOffset.MaxValue,
            new(1, 1, 1, 14, 0, 0, TimeSpan.FromHours(14)),
        ];

        foreach (var value in values)
        {
            var back = RoundTrip(value);
            Assert.Equal(value.UtcTicks, back.UtcTicks);
            Assert.Equal(value.Offset, back.Offset);
        }
    }

    [Fact]
    public void Serde_StringInt64Pair_RoundTrips()
    {
        Assert.Equal(("a", 1L), RoundTrip(("a", 1L)));
        Assert.Equal(((string)null!, -5L), RoundTrip(((string)null!, -5L)));
        Assert.Equal(("ключ", long.MaxValue), RoundTrip(("ключ", long.MaxValue)));
        Assert.Equal((string.Empty, 0L), RoundTrip((string.Empty, 0L)));
    }

    [Fact]
    public void Serde_StringInt32DoubleTriple_RoundTrips()
    {
        Assert.Equal(("k", 3, 2.5), RoundTrip(("k", 3, 2.5)));
        Assert.Equal(("", int.MinValue, double.NegativeInfinity), RoundTrip(("", int.MinValue, double.NegativeInfinity)));
    }

    [Fact]
    public void Serde_RecordClass_RoundTripsThroughJson()
    {
        var value = new Person("Ada", 36, ["math", "engines"]);

        var back = RoundTrip(value);

        Assert.Equal(value.Name, back.Name);
        Assert.Equal(value.Age, back.Age);
        Assert.Equal(value.Tags, back.Tags);
        Assert.Equal((byte)'{', Serde.For<Person>().ToBytes(value)[0]);
    }

    [Fact]
    public void Serde_ListOfInt32_RoundTripsThroughJson()
    {
        Assert.Equal([1, 2, 3], RoundTrip(new List<int> { 1, 2, 3 }));
        Assert.Empty(RoundTrip(new List<int>()));
    }

    [Fact]
    public void Serde_DictionaryOfStringToInt32_RoundTripsThroughJson()
    {
        var value = new Dictionary<string, int> { ["a"] = 1, ["b"] = -2, ["ü"] = int.MaxValue };

        Assert.Equal(value, RoundTrip(value));
    }

    [Fact]
    public void Serde_Register_ReplacesSerdeOfType()
    {
        var custom = new UpperSerde();
        Serde.Register(custom);

        Assert.Same(custom, Serde.For<Shout>());
        Assert.Equal("HI", RoundTrip(new Shout("hi")).Text);
    }

    internal static T RoundTrip<T>(T value)
    {
        var serde = Serde.For<T>();
        return serde.Deserialize(serde.ToBytes(value));
    }

    public sealed record Person(string Name, int Age, List<string> Tags);

    public sealed record Shout(string Text);

    private sealed class UpperSerde : ISerde<Shout>
    {
        public void Serialize(Shout value, System.Buffers.IBufferWriter<byte> writer)
            => Serde.For<string>().Serialize(value.Text.ToUpperInvariant(), writer);

        public Shout Deserialize(ReadOnlySpan<byte> bytes) => new(Serde.For<string>().Deserialize(bytes));
    }
}

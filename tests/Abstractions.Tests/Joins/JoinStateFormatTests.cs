using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Abstractions.Tests.Joins;

/// <summary>
/// The exact bytes of a join's state (snapshotted per key, or per window of a windowed join) and of a join side (in a
/// windowed join's queued items and on the wire). Persisted: add cases, never edit one. Corrupt or truncated bytes
/// fail with a <see cref="SerdeException"/> saying what is wrong.
/// </summary>
public sealed class JoinStateFormatTests
{
    [Fact]
    public void JoinState_TwoLeftOneRight_IsPerSideCountThenLengthPrefixedValues()
    {
        var state = new JoinState<JoinSide<int, string>>([[Left(1), Left(2)], [Right("ab")]]);

        var bytes = TwoWayStateSerde.ToBytes(state);

        Assert.Equal(
            Hex(
                "02000000", "04000000", "01000000", "04000000", "02000000", // left: 2 values, 1 and 2
                "01000000", "02000000", "6162"), // right: 1 value, "ab"
            bytes);
    }

    [Fact]
    public void JoinState_Empty_IsTwoZeroCounts()
    {
        Assert.Equal(Hex("00000000", "00000000"), TwoWayStateSerde.ToBytes(new JoinState<JoinSide<int, string>>(2)));
    }

    [Fact]
    public void JoinState_GoldenBytes_ReadBackIntoTheSameValues()
    {
        var state = TwoWayStateSerde.Deserialize(Hex("02000000", "04000000", "01000000", "04000000", "02000000", "01000000", "02000000", "6162"));

        Assert.Equal([Left(1), Left(2)], state.Sides[0]);
        Assert.Equal([Right("ab")], state.Sides[1]);
    }

    [Fact]
    public void JoinState_TruncatedAnywhere_ThrowsSerdeException()
    {
        var whole = Hex("02000000", "04000000", "01000000", "04000000", "02000000", "01000000", "02000000", "6162");
        var serde = TwoWayStateSerde;

        for (var length = 0; length < whole.Length; length++)
        {
            var prefix = whole[..length];
            var e = Record.Exception(() => serde.Deserialize(prefix));
            Assert.True(e is SerdeException, $"{length} of {whole.Length} bytes: expected a SerdeException, got {e?.GetType().Name ?? "none"}: {e?.Message}");
        }
    }

    [Fact]
    public void JoinState_CorruptCountOrTrailingBytes_ThrowsSerdeExceptionSayingWhat()
    {
        var serde = TwoWayStateSerde;

        Assert.Contains("a join state is truncated: a side's count needs 4 bytes",
            Assert.Throws<SerdeException>(() => serde.Deserialize(Hex("00000000", "0000"))).Message, StringComparison.Ordinal);
        Assert.Contains("a join state claims -1 values", Assert.Throws<SerdeException>(() => serde.Deserialize(Hex("FFFFFFFF", "00000000"))).Message,
            StringComparison.Ordinal);
        Assert.Contains("a join state claims 100 values in 4 bytes",
            Assert.Throws<SerdeException>(() => serde.Deserialize(Hex("64000000", "00000000"))).Message, StringComparison.Ordinal);
        Assert.Contains("1 bytes left over after reading a JoinState",
            Assert.Throws<SerdeException>(() => serde.Deserialize(Hex("00000000", "00000000", "00"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JoinSide_LeftAndRight_IsSideByteThenTheValue()
    {
        var serde = Serde.For<JoinSide<int, string>>();

        Assert.Equal(Hex("00", "05000000"), serde.ToBytes(JoinSide<int, string>.OfLeft(5)));
        Assert.Equal(Hex("01", "6162"), serde.ToBytes(JoinSide<int, string>.OfRight("ab")));
        Assert.Equal(JoinSide<int, string>.OfLeft(5), serde.Deserialize(Hex("00", "05000000")));
        Assert.Equal(JoinSide<int, string>.OfRight("ab"), serde.Deserialize(Hex("01", "6162")));
    }

    [Fact]
    public void JoinSide_EmptyOrUnknownSideOrBadValue_ThrowsSerdeExceptionSayingWhat()
    {
        var serde = Serde.For<JoinSide<int, string>>();

        Assert.Contains("a join side needs a side byte; got 0 bytes", Assert.Throws<SerdeException>(() => serde.Deserialize([])).Message, StringComparison.Ordinal);
        Assert.Contains("a join side byte is below 2, the join's number of sides; got 2", Assert.Throws<SerdeException>(() => serde.Deserialize(Hex("02", "05000000"))).Message,
            StringComparison.Ordinal);
        Assert.Contains("Int32", Assert.Throws<SerdeException>(() => serde.Deserialize(Hex("00", "0500"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JoinState_ThreeSides_IsEachSideInOrderWithoutTheSideByte()
    {
        var serde = new JoinStateSerde<JoinSide<int, string, long>>(new ThreeWayJoin<int, string, long>());
        var state = new JoinState<JoinSide<int, string, long>>(3);
        state.Insert(0, JoinSide<int, string, long>.OfFirst(1), JoinInsertMode.Product);
        state.Insert(2, JoinSide<int, string, long>.OfThird(7), JoinInsertMode.Product);
        var golden = Hex(
            "01000000", "04000000", "01000000", // first: 1 value, 1
            "00000000", // second: none
            "01000000", "08000000", "0700000000000000"); // third: 1 value, 7L

        Assert.Equal(golden, serde.ToBytes(state));
        var read = serde.Deserialize(golden);
        Assert.Equal([JoinSide<int, string, long>.OfFirst(1)], read.Sides[0]);
        Assert.Empty(read.Sides[1]);
        Assert.Equal([JoinSide<int, string, long>.OfThird(7)], read.Sides[2]);
    }

    [Fact]
    public void JoinState_ManySidesOfOneType_ReadsBackEachValueWithItsSide()
    {
        var serde = new JoinStateSerde<JoinSide<string>>(new ManyWayJoin<string>(3));
        var golden = Hex("00000000", "01000000", "02000000", "6162", "00000000"); // side 1 holds "ab"

        var read = serde.Deserialize(golden);

        Assert.Equal([new JoinSide<string>(1, "ab")], read.Sides[1]);
        Assert.Equal(golden, serde.ToBytes(read));
    }

    [Fact]
    public void JoinState_ThreeSidesTruncatedAnywhere_ThrowsSerdeException()
    {
        var whole = Hex("01000000", "04000000", "01000000", "00000000", "01000000", "08000000", "0700000000000000");
        var serde = new JoinStateSerde<JoinSide<int, string, long>>(new ThreeWayJoin<int, string, long>());

        for (var length = 0; length < whole.Length; length++)
        {
            var prefix = whole[..length];
            var e = Record.Exception(() => serde.Deserialize(prefix));
            Assert.True(e is SerdeException, $"{length} of {whole.Length} bytes: expected a SerdeException, got {e?.GetType().Name ?? "none"}: {e?.Message}");
        }
    }

    [Fact]
    public void JoinSide_ThreeAndFourSides_IsSideByteThenTheValue()
    {
        var three = Serde.For<JoinSide<int, string, long>>();
        var four = Serde.For<JoinSide<int, string, long, bool>>();

        Assert.Equal(Hex("00", "05000000"), three.ToBytes(JoinSide<int, string, long>.OfFirst(5)));
        Assert.Equal(Hex("01", "6162"), three.ToBytes(JoinSide<int, string, long>.OfSecond("ab")));
        Assert.Equal(Hex("02", "0700000000000000"), three.ToBytes(JoinSide<int, string, long>.OfThird(7)));
        Assert.Equal(Hex("03", "01"), four.ToBytes(JoinSide<int, string, long, bool>.OfFourth(true)));
        Assert.Equal(JoinSide<int, string, long>.OfThird(7), three.Deserialize(Hex("02", "0700000000000000")));
        Assert.Equal(JoinSide<int, string, long, bool>.OfFourth(true), four.Deserialize(Hex("03", "01")));
        Assert.Contains("a join side byte is below 3, the join's number of sides; got 3",
            Assert.Throws<SerdeException>(() => three.Deserialize(Hex("03", "01"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JoinSide_OfOneType_IsSideByteThenTheValue()
    {
        var serde = Serde.For<JoinSide<string>>();

        Assert.Equal(Hex("05", "6162"), serde.ToBytes(new JoinSide<string>(5, "ab")));
        Assert.Equal(new JoinSide<string>(255, "ab"), serde.Deserialize(Hex("FF", "6162")));
    }

    private static JoinStateSerde<JoinSide<int, string>> TwoWayStateSerde => new(new TwoWayJoin<int, string>());

    private static JoinSide<int, string> Left(int value) => JoinSide<int, string>.OfLeft(value);

    private static JoinSide<int, string> Right(string value) => JoinSide<int, string>.OfRight(value);

    private static byte[] Hex(params string[] fields) => Convert.FromHexString(string.Concat(fields));
}

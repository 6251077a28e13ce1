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
        var state = new JoinState<int, string>([1, 2], ["ab"]);

        var bytes = Serde.For<JoinState<int, string>>().ToBytes(state);

        Assert.Equal(
            Hex(
                "02000000", "04000000", "01000000", "04000000", "02000000", // left: 2 values, 1 and 2
                "01000000", "02000000", "6162"), // right: 1 value, "ab"
            bytes);
    }

    [Fact]
    public void JoinState_Empty_IsTwoZeroCounts()
    {
        Assert.Equal(Hex("00000000", "00000000"), Serde.For<JoinState<int, string>>().ToBytes(new JoinState<int, string>()));
    }

    [Fact]
    public void JoinState_GoldenBytes_ReadBackIntoTheSameValues()
    {
        var state = Serde.For<JoinState<int, string>>().Deserialize(Hex("02000000", "04000000", "01000000", "04000000", "02000000", "01000000", "02000000", "6162"));

        Assert.Equal([1, 2], state.Left);
        Assert.Equal(["ab"], state.Right);
    }

    [Fact]
    public void JoinState_TruncatedAnywhere_ThrowsSerdeException()
    {
        var whole = Hex("02000000", "04000000", "01000000", "04000000", "02000000", "01000000", "02000000", "6162");
        var serde = Serde.For<JoinState<int, string>>();

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
        var serde = Serde.For<JoinState<int, string>>();

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
        Assert.Contains("a join side byte is 0 (left) or 1 (right); got 2", Assert.Throws<SerdeException>(() => serde.Deserialize(Hex("02", "05000000"))).Message,
            StringComparison.Ordinal);
        Assert.Contains("Int32", Assert.Throws<SerdeException>(() => serde.Deserialize(Hex("00", "0500"))).Message, StringComparison.Ordinal);
    }

    private static byte[] Hex(params string[] fields) => Convert.FromHexString(string.Concat(fields));
}

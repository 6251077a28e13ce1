using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Abstractions.Tests.Serialization;

/// <summary>StableHash routes keys to workers and partitions; a change would send resumed keys to the wrong state.</summary>
public sealed class StableHashTests
{
    [Theory]
    [InlineData("", 0xECBA3DF2C3383C52UL)]
    [InlineData("a", 0x8827FDCD9C74F21DUL)]
    [InlineData("hello", 0x2B7E7CB1304B6BFBUL)]
    [InlineData("ALL", 0x68C62741C2648EF8UL)]
    [InlineData("日本", 0x069E68636B864FB2UL)]
    [InlineData("one1", 0xB5EAC651580F0E5EUL)]
    public void StableHash_KnownKeys_HaveGoldenValues(string key, ulong expected)
        => Assert.Equal(expected, StableHash.Of(key));

    [Fact]
    public void StableHash_Null_Throws() => Assert.Throws<ArgumentNullException>(() => StableHash.Of(null!));

    [Fact]
    public void StableHash_ShortKeys_SpreadOverSmallPartitionCounts()
    {
        var counts = new int[4];
        for (var i = 0; i < 4000; i++)
        {
            counts[StableHash.Of($"key{i}") % 4]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
    }
}

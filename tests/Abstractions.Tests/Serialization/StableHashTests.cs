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
    public void StableHash_AnyString_IsFnv1aOverItsUtf16BytesWithTheFinalMix()
    {
        var random = new Random(17);
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(0, 24)];
            for (var c = 0; c < chars.Length; c++)
            {
                // ASCII, Latin-1, and beyond: the fast path for a zero high byte must give the byte-wise hash.
                chars[c] = (char)(random.Next(3) switch { 0 => random.Next(0x20, 0x7F), 1 => random.Next(0x80, 0x100), _ => random.Next(0x100, 0xD800) });
            }

            var key = new string(chars);
            Assert.Equal(ByteWiseFnv1a(key), StableHash.Of(key));
        }
    }

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

    private static ulong ByteWiseFnv1a(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.Unicode.GetBytes(key))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        return hash;
    }
}

using System.Runtime.CompilerServices;
using Orleans.Dataflow.Grains.Operators.Stateful;

namespace Orleans.Dataflow.Grains.Tests.Operators.Stateful;

/// <summary>The stateful operator's key table: keys found by value, removed slots reused, removal while enumerating, and the switch to a randomized hash when keys collide.</summary>
public sealed class KeyTableTests
{
    [Fact]
    public void KeyTable_ManyKeys_FindsEachByAnEqualStringAndCountsThem()
    {
        var table = new KeyTable<long>();
        for (var i = 0; i < 10_000; i++)
        {
            table.GetValueRefOrAddDefault("key" + i, out var exists) = i;
            Assert.False(exists);
        }

        Assert.Equal(10_000, table.Count);
        for (var i = 0; i < 10_000; i++)
        {
            var key = new string(("key" + i).AsSpan());
            Assert.Equal(i, table.GetValueRefOrAddDefault(key, table.HashOf(key), out var exists));
            Assert.True(exists);
        }

        Assert.True(Unsafe.IsNullRef(ref table.GetValueRefOrNullRef("absent")));
        Assert.Equal(10_000, table.Count);
    }

    [Fact]
    public void KeyTable_RemoveWhileEnumerating_SkipsRemovedKeysAndReusesTheirSlots()
    {
        var table = new KeyTable<int>();
        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            table.GetValueRefOrAddDefault(key, out _) = key[0];
        }

        var seen = new List<string>();
        foreach (var key in table.Keys)
        {
            seen.Add(key);
            if (key == "a")
            {
                Assert.True(table.Remove("c"));
            }
        }

        Assert.Equal(["a", "b", "d"], seen);
        Assert.False(table.Remove("c"));
        Assert.True(table.Remove("a"));
        table.GetValueRefOrAddDefault("e", out _) = 'e';
        table.GetValueRefOrAddDefault("f", out _) = 'f';
        Assert.Equal(4, table.Count);
        Assert.Equal(["b", "d", "e", "f"], table.Select(pair => pair.Key).Order(StringComparer.Ordinal));
        Assert.Equal('f', table.GetValueRefOrNullRef("f"));
        Assert.False(Unsafe.IsNullRef(ref table.GetValueRefOrNullRef("b")));
        Assert.True(Unsafe.IsNullRef(ref table.GetValueRefOrNullRef("a")));
    }

    [Fact]
    public void KeyTable_KeysCollidingInOneBucket_SwitchToTheRandomizedHashAndStayFound()
    {
        var colliding = CollidingKeys(KeyTable<int>.MaxChainBeforeRandomizing + 20);
        var table = new KeyTable<int>();
        for (var i = 0; i < colliding.Count; i++)
        {
            table.GetValueRefOrAddDefault(colliding[i], out _) = i;
        }

        Assert.False(table.IsRandomized);
        table.RehashIfFlooded();

        Assert.True(table.IsRandomized);
        Assert.Equal(colliding.Count, table.Count);
        for (var i = 0; i < colliding.Count; i++)
        {
            Assert.Equal(i, table.GetValueRefOrNullRef(colliding[i]));
            Assert.Equal(colliding[i].GetHashCode(), table.HashOf(colliding[i]));
        }
    }

    /// <summary>Keys whose hashes share their top ten spread bits: one bucket in every table of up to 1,024 buckets.</summary>
    private static List<string> CollidingKeys(int count)
    {
        var keys = new List<string>();
        var target = KeyTable<int>.Spread(KeyTable<int>.OrdinalHash("k0")) >> 22;
        for (var i = 0; keys.Count < count; i++)
        {
            var key = "k" + i;
            if (KeyTable<int>.Spread(KeyTable<int>.OrdinalHash(key)) >> 22 == target)
            {
                keys.Add(key);
            }
        }

        return keys;
    }
}

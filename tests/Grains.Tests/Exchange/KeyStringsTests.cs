using System.Text;
using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Grains.Tests.Exchange;

/// <summary>The keys an exchange receiver keeps: read again as the same string, bounded, and only ASCII.</summary>
public sealed class KeyStringsTests
{
    private static readonly ISerde<string> _utf8 = Serde.For<string>();

    [Fact]
    public void Read_KeyReadAgain_IsTheStringReadBefore()
    {
        var known = new KeyStrings();

        var first = known.Read("sensor-4"u8, _utf8);

        Assert.Same(first, known.Read("sensor-4"u8, _utf8));
    }

    [Fact]
    public void Read_PastTheMaximum_StartsAgainAndStillReadsEveryKey()
    {
        var known = new KeyStrings(maxKeys: 4);
        var keys = Enumerable.Range(0, 10).Select(i => $"k{i}").ToArray();

        var read = keys.Select(k => known.Read(Encoding.UTF8.GetBytes(k), _utf8)).ToArray();
        var last = known.Read("k9"u8, _utf8);

        Assert.Equal(keys, read);
        Assert.Same(read[9], last);
    }

    [Fact]
    public void Read_NonAsciiKey_IsReadButNotKept()
    {
        var known = new KeyStrings();
        var bytes = Encoding.UTF8.GetBytes("café");

        var first = known.Read(bytes, _utf8);
        var second = known.Read(bytes, _utf8);

        Assert.Equal("café", first);
        Assert.Equal("café", second);
        Assert.NotSame(first, second);
    }
}

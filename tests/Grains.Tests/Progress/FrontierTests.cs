using Orleans.Dataflow.Grains.Progress;
using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Progress;

public sealed class FrontierTests
{
    [Fact]
    public void Frontier_New_StartsAtStartEpochOnEveryChannel()
    {
        var frontier = new Frontier(3, startEpoch: 5);

        Assert.Equal(5, frontier.Value);
        Assert.Equal(3, frontier.ChannelCount);
    }

    [Fact]
    public void Frontier_NoChannels_IsAtEof()
    {
        Assert.Equal(Frontier.Eof, new Frontier(0, startEpoch: 1).Value);
    }

    [Fact]
    public void Frontier_OneChannelAdvances_ValueWaitsForTheSlowest()
    {
        var frontier = new Frontier(2, startEpoch: 1);

        Assert.False(frontier.Advance(0, 4));
        Assert.Equal(1, frontier.Value);
        Assert.True(frontier.Advance(1, 3));
        Assert.Equal(3, frontier.Value);
        Assert.True(frontier.Advance(1, 9));
        Assert.Equal(4, frontier.Value);
    }

    [Fact]
    public void Frontier_ChannelMovesBackwardsOrStays_IsIgnored()
    {
        var frontier = new Frontier(1, startEpoch: 1);
        frontier.Advance(0, 5);

        Assert.False(frontier.Advance(0, 3));
        Assert.False(frontier.Advance(0, 5));
        Assert.Equal(5, frontier.Value);
    }

    [Fact]
    public void Frontier_EveryChannelAtEof_IsAtEof()
    {
        var frontier = new Frontier(3, startEpoch: 1);

        frontier.Advance(0, Frontier.Eof);
        frontier.Advance(2, Frontier.Eof);
        Assert.Equal(1, frontier.Value);
        Assert.True(frontier.Advance(1, Frontier.Eof));

        Assert.Equal(Frontier.Eof, frontier.Value);
    }

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void Frontier_RandomMonotoneAdvances_ValueIsAlwaysTheMinimumChannel(int seed) => Seeded.Run(seed, random =>
    {
        var channels = new long[random.Next(1, 6)];
        Array.Fill(channels, 1);
        var frontier = new Frontier(channels.Length, startEpoch: 1);
        for (var step = 0; step < 200; step++)
        {
            var channel = random.Next(channels.Length);
            var target = channels[channel] + random.Next(-2, 4);
            var before = frontier.Value;
            var moved = frontier.Advance(channel, target);
            channels[channel] = Math.Max(channels[channel], target);

            Assert.Equal(channels.Min(), frontier.Value);
            Assert.Equal(before != frontier.Value, moved);
        }
    });
}

using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Tests.Execution;

/// <summary>The epoch grid: epoch <c>first + k</c> ends at <c>origin + (k + 1) × interval</c>; missed instants jump to the present epoch.</summary>
public sealed class EpochGridTests
{
    private static readonly DateTimeOffset _origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EndOf_FirstEpoch_IsOneIntervalAfterTheOrigin()
    {
        var grid = new EpochGrid(_origin, 7, TimeSpan.FromSeconds(2));

        Assert.Equal(_origin.AddSeconds(2), grid.EndOf(7));
        Assert.Equal(_origin.AddSeconds(8), grid.EndOf(10));
    }

    [Fact]
    public void EpochAt_InstantsOfTheGrid_AreTheSlotTheyFallIn()
    {
        var grid = new EpochGrid(_origin, 7, TimeSpan.FromSeconds(2));

        Assert.Equal(7, grid.EpochAt(_origin.AddSeconds(-5)));
        Assert.Equal(7, grid.EpochAt(_origin.AddSeconds(1.999)));
        Assert.Equal(8, grid.EpochAt(_origin.AddSeconds(2)));
        Assert.Equal(12, grid.EpochAt(_origin.AddSeconds(11)));
    }

    [Fact]
    public void EndOf_EpochFarBeyondTheLastRepresentableTime_IsTheEndOfTime()
    {
        var grid = new EpochGrid(_origin, 1, TimeSpan.FromDays(1));

        Assert.Equal(DateTimeOffset.MaxValue, grid.EndOf(long.MaxValue - 1));
    }

    [Fact]
    public void ZeroInterval_EveryEpochHasEndedAtTheOriginAndTheSlotStaysFirst()
    {
        var grid = new EpochGrid(_origin, 3, TimeSpan.Zero);

        Assert.Equal(_origin, grid.EndOf(3));
        Assert.Equal(_origin, grid.EndOf(50));
        Assert.Equal(3, grid.EpochAt(_origin.AddHours(1)));
    }
}

using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Tests.Execution;

/// <summary>A parked worker's wait, on a simulated clock: whole milliseconds blocked, the last stretch spun, spinning only when the deadline is near or the worker hot.</summary>
public sealed class ParkWaitTests
{
    private static readonly TimeSpan _spinStep = TimeSpan.FromMicroseconds(1);

    [Fact]
    public void Wait_DeadlineUnderASpinAway_SpinsToItWithoutBlocking()
    {
        var sim = new Simulation();

        var woken = sim.Wait.Wait(TimeSpan.FromMicroseconds(300), hot: true);

        Assert.False(woken);
        Assert.Empty(sim.Blocks);
        Assert.InRange(sim.Now, TimeSpan.FromMicroseconds(300), TimeSpan.FromMicroseconds(300) + _spinStep);
    }

    [Fact]
    public void Wait_DeadlineMillisecondsAway_BlocksWholeMillisecondsThenSpinsTheRest()
    {
        var sim = new Simulation();

        sim.Wait.Wait(TimeSpan.FromMicroseconds(3_400), hot: true);

        // 3.4 ms: 50 µs spun for a wake-up, 2 ms blocked (ending before the last 1 ms), then 1 ms (a block is never
        // shorter), then 0.35 ms spun to the deadline.
        Assert.Equal([2, 1], sim.Blocks);
        Assert.InRange(sim.Now, TimeSpan.FromMicroseconds(3_400), TimeSpan.FromMicroseconds(3_400) + _spinStep);
    }

    [Fact]
    public void Wait_ColdWorkerDeadlineAMillisecondAway_BlocksWithoutSpinning()
    {
        var sim = new Simulation();

        sim.Wait.Wait(TimeSpan.FromMicroseconds(990), hot: false);

        Assert.Equal([1], sim.Blocks);
        Assert.Equal(0, sim.Spins);
    }

    [Fact]
    public void Wait_ColdWorkerWithoutDeadline_BlocksAtOnceWithoutSpinning()
    {
        var sim = new Simulation();

        sim.Wait.Wait(null, hot: false);

        Assert.Equal([Timeout.Infinite], sim.Blocks);
        Assert.Equal(0, sim.Spins);
    }

    [Fact]
    public void Wait_HotWorkerWithoutDeadline_SpinsForAWakeUpThenBlocks()
    {
        var sim = new Simulation();

        sim.Wait.Wait(null, hot: true);

        Assert.Equal([Timeout.Infinite], sim.Blocks);
        Assert.InRange(sim.Spins, 1, (int)(ParkWait.WakeSpin / _spinStep) + 1);
    }

    [Fact]
    public void Wait_WakeUpWhileSpinning_ReturnsWithoutBlocking()
    {
        var sim = new Simulation { SetAfterSpins = 10 };

        var woken = sim.Wait.Wait(null, hot: true);

        Assert.True(woken);
        Assert.Empty(sim.Blocks);
        Assert.Equal(10, sim.Spins);
    }

    [Fact]
    public void Wait_ColdWorkerDeadlineUnderAColdSpin_SpinsToIt()
    {
        var sim = new Simulation();

        sim.Wait.Wait(TimeSpan.FromMicroseconds(200), hot: false);

        Assert.Empty(sim.Blocks);
        Assert.InRange(sim.Now, TimeSpan.FromMicroseconds(200), TimeSpan.FromMicroseconds(200) + _spinStep);
    }

    [Fact]
    public void Wait_LongSpin_YieldsOnlyWhileTheDeadlineIsOverFiftyMicrosecondsAway()
    {
        var sim = new Simulation();

        sim.Wait.Wait(TimeSpan.FromMicroseconds(300), hot: true);

        // 300 steps of 1 µs: the first ten and the last fifty keep the core.
        Assert.Equal(300 - 10 - 50, sim.Yields);
    }

    /// <summary>A clock that moves 1 µs per spin step and by the whole wait per block, and an event set after a number of spins.</summary>
    private sealed class Simulation
    {
        public Simulation() =>
            Wait = new ParkWait(
                () => Now,
                () => Spins >= SetAfterSpins,
                milliseconds =>
                {
                    Blocks.Add(milliseconds);
                    if (milliseconds != Timeout.Infinite)
                    {
                        Now += TimeSpan.FromMilliseconds(milliseconds);
                    }

                    return milliseconds == Timeout.Infinite;
                },
                mayYield =>
                {
                    Spins++;
                    Yields += mayYield ? 1 : 0;
                    Now += _spinStep;
                });

        public ParkWait Wait { get; }

        public TimeSpan Now { get; private set; }

        public int Spins { get; private set; }

        public int SetAfterSpins { get; init; } = int.MaxValue;

        public int Yields { get; private set; }

        public List<int> Blocks { get; } = [];
    }
}

using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Abstractions.Tests.Windowing;

/// <summary>Bytewax's test_system_clock.py on <see cref="SystemClockRuntime{TValue}"/> through <see cref="KeyClock{TValue}"/>.</summary>
public sealed class SystemClockTests
{
    private static readonly DateTimeOffset _now = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SystemClock_Eof_WatermarkIsEndOfTime()
    {
        var clock = new KeyClock<int>(new SystemClock<int>());
        clock.OnEof();

        Assert.Equal(DateTimeOffset.MaxValue, clock.OnEof());
    }

    [Fact]
    public void SystemClock_Item_TimestampAndWatermarkAreTheBatchSystemTime()
    {
        var clock = new KeyClock<int>(new SystemClock<int>());

        Assert.Equal((_now, _now), clock.OnItem(42, _now));
        Assert.Equal(_now.AddSeconds(3), clock.OnNotify(_now.AddSeconds(3)));
    }
}

using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Windowing;

/// <summary>Runs a windowing flow on one worker with a clock that stands still, so watermarks move only with the data.</summary>
/// <remarks>
/// Bytewax's windowing tests run on the real system clock; an event clock's watermark then creeps forward by the few
/// microseconds the run takes, which none of them depends on. A clock standing still takes that creep out.
/// </remarks>
internal static class WindowFlow
{
    /// <summary>The system time of every run that is not given its own clock.</summary>
    public static readonly DateTimeOffset SystemStart = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Builds the flow with <paramref name="build"/> (which makes its sinks with the harness), runs it to completion.</summary>
    public static void Run(Action<FlowHarness> build, TimeProvider? clock = null)
    {
        var harness = new FlowHarness();
        build(harness);
        var result = harness.Run(clock: clock ?? new ManualClock(SystemStart));
        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
    }
}

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>The windows of the NEXMark queries (Flink's NEXMark settings) and how a timestamp maps to their ids, as the engine numbers them.</summary>
public static class NexmarkWindows
{
    /// <summary>q5's window length: bids of the last 10 s.</summary>
    public static readonly TimeSpan HotLength = TimeSpan.FromSeconds(10);

    /// <summary>q5's slide: a new window every 2 s.</summary>
    public static readonly TimeSpan HotSlide = TimeSpan.FromSeconds(2);

    /// <summary>q7's and q8's tumbling window length.</summary>
    public static readonly TimeSpan Tumble = TimeSpan.FromSeconds(10);

    /// <summary>The first sliding window (length <paramref name="length"/>, slide <paramref name="slide"/>, aligned at the epoch) holding <paramref name="ticks"/>: <c>⌊(t - length) / slide⌋ + 1</c>.</summary>
    public static long FirstWindow(long ticks, TimeSpan length, TimeSpan slide) => FloorDiv(ticks - DateTimeOffset.UnixEpoch.UtcTicks - length.Ticks, slide.Ticks) + 1;

    /// <summary>The last window (slide <paramref name="slide"/>, aligned at the epoch) holding <paramref name="ticks"/>, the only one for tumbling windows: <c>⌊t / slide⌋</c>.</summary>
    public static long LastWindow(long ticks, TimeSpan slide) => FloorDiv(ticks - DateTimeOffset.UnixEpoch.UtcTicks, slide.Ticks);

    private static long FloorDiv(long a, long b)
    {
        var quotient = a / b;
        return a % b < 0 ? quotient - 1 : quotient;
    }
}

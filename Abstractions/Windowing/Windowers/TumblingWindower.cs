namespace Orleans.Dataflow.Windowing;

/// <summary>Back-to-back windows of a fixed length, aligned so that one starts at <see cref="SlidingWindower.AlignTo"/>: every item falls in exactly one.</summary>
/// <remarks>
/// Window <c>n</c> holds items with <c>AlignTo + n·Length &lt;= timestamp &lt; AlignTo + (n+1)·Length</c>; it closes
/// once the watermark reaches its close time. A sliding windower whose offset equals its length.
/// </remarks>
public sealed class TumblingWindower : SlidingWindower
{
    /// <summary>Creates tumbling windows of <paramref name="length"/>, one starting at <paramref name="alignTo"/>.</summary>
    public TumblingWindower(TimeSpan length, DateTimeOffset alignTo)
        : base(length, length, alignTo)
    {
    }
}

namespace Orleans.Dataflow.Windowing;

/// <summary>Time arithmetic that saturates at <see cref="DateTimeOffset.MinValue"/> and <see cref="DateTimeOffset.MaxValue"/> instead of throwing.</summary>
/// <remarks>Watermarks start at the minimum and end at the maximum, so sums near either end are routine, not errors.</remarks>
internal static class TimeMath
{
    private static readonly long _minTicks = DateTimeOffset.MinValue.UtcTicks;
    private static readonly long _maxTicks = DateTimeOffset.MaxValue.UtcTicks;

    public static DateTimeOffset Utc(long ticks) => new(Math.Clamp(ticks, _minTicks, _maxTicks), TimeSpan.Zero);

    public static DateTimeOffset Add(DateTimeOffset time, TimeSpan span)
    {
        var ticks = time.UtcTicks;
        var sum = span.Ticks >= 0
            ? (ticks > _maxTicks - span.Ticks ? _maxTicks : ticks + span.Ticks)
            : (ticks < _minTicks - span.Ticks ? _minTicks : ticks + span.Ticks);
        return new DateTimeOffset(sum, TimeSpan.Zero);
    }

    /// <summary>Subtracts, or returns null when the result is before the earliest representable time.</summary>
    public static DateTimeOffset? TrySubtract(DateTimeOffset time, TimeSpan span)
    {
        var ticks = time.UtcTicks;
        return span.Ticks >= 0 && ticks < _minTicks + span.Ticks ? null
            : span.Ticks < 0 && ticks > _maxTicks + span.Ticks ? null
            : new DateTimeOffset(ticks - span.Ticks, TimeSpan.Zero);
    }

    /// <summary>Rounds towards negative infinity, as Python's <c>//</c> does, so windows before the alignment get negative ids.</summary>
    public static long FloorDiv(long a, long b)
    {
        var quotient = a / b;
        return (a % b != 0) && ((a < 0) != (b < 0)) ? quotient - 1 : quotient;
    }
}

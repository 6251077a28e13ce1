namespace Orleans.Dataflow.Windowing;

/// <summary>Time arithmetic that saturates at <see cref="DateTimeOffset.MinValue"/> and <see cref="DateTimeOffset.MaxValue"/> instead of throwing.</summary>
/// <remarks>Watermarks start at the minimum and end at the maximum, so sums near either end are routine, not errors.</remarks>
internal static class TimeMath
{
    private static readonly long _minTicks = DateTimeOffset.MinValue.UtcTicks;
    private static readonly long _maxTicks = DateTimeOffset.MaxValue.UtcTicks;

    public static DateTimeOffset Utc(long ticks) => new(Math.Clamp(ticks, _minTicks, _maxTicks), TimeSpan.Zero);

    public static DateTimeOffset Add(DateTimeOffset time, TimeSpan span) => new(AddTicks(time.UtcTicks, span.Ticks), TimeSpan.Zero);

    /// <summary><paramref name="ticks"/> held within the representable UTC times, as <see cref="Utc"/> holds them, without making a <see cref="DateTimeOffset"/>.</summary>
    public static long Clamp(long ticks) => Math.Clamp(ticks, _minTicks, _maxTicks);

    /// <summary><paramref name="ticks"/> (a representable UTC time) plus <paramref name="span"/> ticks, saturating as <see cref="Add"/> does, without making a <see cref="DateTimeOffset"/>.</summary>
    public static long AddTicks(long ticks, long span) => span >= 0
        ? (ticks > _maxTicks - span ? _maxTicks : ticks + span)
        : (ticks < _minTicks - span ? _minTicks : ticks + span);

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

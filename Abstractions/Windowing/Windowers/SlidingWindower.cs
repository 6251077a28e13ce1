namespace Orleans.Dataflow.Windowing;

/// <summary>Windows of a fixed length that start every <see cref="Offset"/>, aligned so that one starts at <see cref="AlignTo"/>.</summary>
/// <remarks>
/// <para>Window <c>n</c> holds items with <c>AlignTo + n·Offset &lt;= timestamp &lt; AlignTo + n·Offset + Length</c>; ids
/// before the alignment are negative. With an offset shorter than the length, windows overlap and an item falls in
/// several; equal, they tumble (<see cref="TumblingWindower"/>); longer, there are gaps between windows, and an
/// item in a gap belongs to no window: it is in no result and is not late either. With gaps a key's state
/// (its watermark) is kept for good, as for sessions, so that a window is never reopened after it was emitted.</para>
/// <para>A window closes once the watermark reaches its close time. Keep the settings the same across restarts:
/// windows open at a snapshot keep the bounds they were opened with.</para>
/// </remarks>
public class SlidingWindower : Windower
{
    /// <summary>Creates sliding windows of <paramref name="length"/> starting every <paramref name="offset"/>, one starting at <paramref name="alignTo"/>.</summary>
    public SlidingWindower(TimeSpan length, TimeSpan offset, DateTimeOffset alignTo)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(offset, TimeSpan.Zero);
        Length = length;
        Offset = offset;
        AlignTo = alignTo;
    }

    /// <summary>How long each window is.</summary>
    public TimeSpan Length { get; }

    /// <summary>The time between the starts of consecutive windows.</summary>
    public TimeSpan Offset { get; }

    /// <summary>An instant at which a window starts; window 0 starts here.</summary>
    public DateTimeOffset AlignTo { get; }

    internal override bool Merges => false;

    internal sealed override WindowerRuntime Start(byte[]? resumeState) =>
        new SlidingWindowerRuntime(Length, Offset, AlignTo, resumeState is null ? null : WindowStateFormat.ReadSliding(resumeState).Keys);
}

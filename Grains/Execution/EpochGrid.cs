namespace Orleans.Dataflow.Grains.Execution;

/// <summary>The instants at which every partition of an execution cuts its epochs: epoch <c>FirstEpoch + k</c> ends at <c>Origin + (k + 1) × Interval</c>.</summary>
/// <remarks>
/// One grid for all partitions, handed out with their start, so that they cut the same epoch at the same instant: a
/// stateful step holds the records of an epoch until every sender has closed it, and cuts on each worker's own
/// clock drifted apart with every epoch. A partition that missed instants (busy, or started late) jumps to the
/// epoch of the present instant instead of cutting the missed ones back to back, so epoch numbers mean the same
/// time slot everywhere. A zero interval has no grid: every cut is the next epoch.
/// </remarks>
/// <param name="Origin">When the execution's first epoch began.</param>
/// <param name="FirstEpoch">The execution's first epoch (the one it resumed at).</param>
/// <param name="Interval">How long an epoch lasts.</param>
internal readonly record struct EpochGrid(DateTimeOffset Origin, long FirstEpoch, TimeSpan Interval)
{
    /// <summary>When <paramref name="epoch"/> ends (the origin for a zero interval, so every round cuts).</summary>
    public DateTimeOffset EndOf(long epoch)
    {
        if (Interval <= TimeSpan.Zero)
        {
            return Origin;
        }

        var slots = epoch - FirstEpoch + 1;
        var remaining = DateTimeOffset.MaxValue - Origin;
        return slots > remaining.Ticks / Interval.Ticks ? DateTimeOffset.MaxValue : Origin + (Interval * slots);
    }

    /// <summary>The epoch <paramref name="now"/> falls in; the first epoch before the origin or with a zero interval.</summary>
    public long EpochAt(DateTimeOffset now) =>
        Interval <= TimeSpan.Zero || now <= Origin ? FirstEpoch : FirstEpoch + ((now - Origin).Ticks / Interval.Ticks);
}

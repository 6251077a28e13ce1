namespace Orleans.Dataflow.Grains.Recovery;

/// <summary>Which snapshots a reader of the recovery store restores: all of them, none (only the epoch to resume at), or those a predicate keeps.</summary>
/// <remarks>
/// A partition of a cluster execution restores only the keys it owns and the source and sink partitions, so a store
/// decodes and keeps in memory only those; the frontier, which begins each attempt, needs no state at all.
/// </remarks>
public sealed class SnapshotFilter
{
    private readonly Func<string, string, bool>? _keeps;

    private SnapshotFilter(Func<string, string, bool>? keeps, bool readsNothing)
    {
        _keeps = keeps;
        ReadsNothing = readsNothing;
    }

    /// <summary>Every snapshot: what a single-process execution resumes from.</summary>
    public static SnapshotFilter All { get; } = new(null, readsNothing: false);

    /// <summary>No snapshot: the resume point says only where to resume.</summary>
    public static SnapshotFilter None { get; } = new(null, readsNothing: true);

    /// <summary>Whether nothing is restored, so a store need not read the snapshots at all.</summary>
    public bool ReadsNothing { get; }

    /// <summary>The snapshots of step id and key that <paramref name="keeps"/> accepts.</summary>
    public static SnapshotFilter Where(Func<string, string, bool> keeps)
    {
        ArgumentNullException.ThrowIfNull(keeps);
        return new SnapshotFilter(keeps, readsNothing: false);
    }

    /// <summary>Whether the snapshot of <paramref name="key"/> (a key of a stateful step, or a source or sink partition) of step <paramref name="stepId"/> is restored.</summary>
    public bool Keeps(string stepId, string key) => !ReadsNothing && (_keeps is null || _keeps(stepId, key));
}

namespace Orleans.Dataflow.Windowing;

/// <summary>What a window covered: when it opened, when it closed, and which windows were merged into it.</summary>
/// <remarks>
/// Emitted once per window on the <see cref="WindowOut{TValue,TOut}.Meta"/> stream when the window closes. The
/// exact meaning of the times depends on the windower: a sliding or tumbling window holds items with
/// <c>OpenTime &lt;= timestamp &lt; CloseTime</c>; a session holds items from its first to its last timestamp,
/// both inclusive. Two metadata are equal when their times and merged ids are.
/// </remarks>
public sealed class WindowMetadata : IEquatable<WindowMetadata>
{
    private HashSet<long>? _mergedIds;

    /// <summary>Creates the metadata of a window from <paramref name="openTime"/> to <paramref name="closeTime"/>.</summary>
    public WindowMetadata(DateTimeOffset openTime, DateTimeOffset closeTime, IEnumerable<long>? mergedIds = null)
    {
        OpenTime = openTime;
        CloseTime = closeTime;
        _mergedIds = mergedIds is null ? null : [.. mergedIds];
    }

    /// <summary>When the window opened; a session moves it earlier when an earlier item joins.</summary>
    public DateTimeOffset OpenTime { get; set; }

    /// <summary>When the window closes; a session moves it later when a later item joins.</summary>
    public DateTimeOffset CloseTime { get; set; }

    /// <summary>The ids of the windows merged into this one before it closed (sessions only); they emit no metadata of their own.</summary>
    /// <remarks>Made on first use: most windows never merge, and a metadata is emitted for every window that closes.</remarks>
    public HashSet<long> MergedIds => _mergedIds ??= [];

    /// <inheritdoc/>
    public bool Equals(WindowMetadata? other) =>
        other is not null && OpenTime == other.OpenTime && CloseTime == other.CloseTime && MergedCount == other.MergedCount
        && (MergedCount == 0 || MergedIds.SetEquals(other.MergedIds));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as WindowMetadata);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(OpenTime, CloseTime, MergedCount);

    /// <summary>Renders the metadata as <c>WindowMetadata(open, close, merged [ids])</c>, times in ISO 8601.</summary>
    public override string ToString()
    {
        var merged = MergedCount == 0 ? "" : $", merged [{string.Join(", ", MergedIds.Order())}]";
        return $"WindowMetadata({OpenTime:O}, {CloseTime:O}{merged})";
    }

    private int MergedCount => _mergedIds?.Count ?? 0;
}

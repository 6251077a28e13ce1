namespace Orleans.Dataflow.Windowing;

/// <summary>The windows of one key: which windows an item falls in, which have merged, and which have closed.</summary>
/// <remarks>
/// Results are appended to the lists passed in, so that the operator allocates nothing per item. Called from the
/// owning worker's thread only.
/// </remarks>
/// <typeparam name="TState">The snapshot of the windower.</typeparam>
public abstract class WindowerLogic<TState>
{
    /// <summary>Appends the ids of the windows an on-time item at <paramref name="timestamp"/> falls in, opening them.</summary>
    public abstract void OpenFor(DateTimeOffset timestamp, List<long> windowIds);

    /// <summary>Appends the ids of the windows a late item at <paramref name="timestamp"/> would have been in; opens nothing.</summary>
    public abstract void LateFor(DateTimeOffset timestamp, List<long> windowIds);

    /// <summary>Appends, and forgets, the merges since the last call, as (original window, target window).</summary>
    public abstract void TakeMerged(List<(long Original, long Target)> merges);

    /// <summary>Appends, and forgets, the windows that close at <paramref name="watermark"/>, with their final metadata.</summary>
    /// <remarks>Watermarks never go back between calls. A closed window is never opened again.</remarks>
    public abstract void CloseFor(DateTimeOffset watermark, List<(long WindowId, WindowMetadata Metadata)> closed);

    /// <summary>The earliest watermark at which a window could close, or null if none is open.</summary>
    public abstract DateTimeOffset? NotifyAt();

    /// <summary>Whether the windower keeps nothing worth keeping; the operator then drops the key's state.</summary>
    public abstract bool IsEmpty { get; }

    /// <summary>Returns the windower's state at an epoch close; it is serialized at once.</summary>
    public abstract TState Snapshot();
}

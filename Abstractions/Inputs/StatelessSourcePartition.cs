namespace Orleans.Dataflow.Inputs;

/// <summary>The partition of a <see cref="DynamicSource{T}"/> on one worker: reads items, keeps no resume state.</summary>
/// <remarks>Called from one worker thread only.</remarks>
public abstract class StatelessSourcePartition<T> : IDisposable
{
    /// <summary>Adds the items that are ready now to <paramref name="batch"/> (possibly none); returns false once the partition has ended (EOF).</summary>
    public abstract bool NextBatch(List<T> batch);

    /// <summary>When the engine should call <see cref="NextBatch"/> next; null means at once after items, after 1 ms after an empty batch.</summary>
    public virtual DateTimeOffset? NextAwake() => null;

    /// <summary>Releases what the partition holds (files, connections).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the partition holds; override to close files or connections.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}

namespace Orleans.Dataflow.Outputs;

/// <summary>The partition of a <see cref="DynamicSink{T}"/> on one worker: writes items, keeps no resume state.</summary>
/// <remarks>Called from one worker thread only.</remarks>
public abstract class StatelessSinkPartition<T> : IDisposable
{
    /// <summary>Writes a batch of items; the list is only valid during the call.</summary>
    public abstract void WriteBatch(IReadOnlyList<T> items);

    /// <summary>Flushes and releases what the partition holds.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Flushes and releases what the partition holds; override to close files or connections.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}

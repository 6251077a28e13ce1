namespace Orleans.Dataflow.Outputs;

/// <summary>One named partition of a <see cref="FixedPartitionedSink{TValue,TState}"/>: writes values and can say where to resume.</summary>
/// <remarks>Called from one worker thread only.</remarks>
public abstract class StatefulSinkPartition<TValue, TState> : IDisposable
{
    /// <summary>Writes a batch of values routed to this partition; the list is only valid during the call.</summary>
    public abstract void WriteBatch(IReadOnlyList<TValue> values);

    /// <summary>The state from which <see cref="FixedPartitionedSink{TValue,TState}.BuildPart"/> resumes writing; asked at every epoch close.</summary>
    public abstract TState Snapshot();

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

namespace Orleans.Dataflow.Inputs;

/// <summary>One named partition of a <see cref="FixedPartitionedSource{T,TState}"/>: reads items and can say where to resume.</summary>
/// <remarks>Called from one worker thread only. <see cref="IDisposable.Dispose"/> is called once when the run ends or the partition ends.</remarks>
public abstract class StatefulSourcePartition<T, TState> : IDisposable
{
    /// <summary>Adds the items that are ready now to <paramref name="batch"/> (possibly none); returns false once the partition has ended (EOF).</summary>
    /// <remarks>Items added in the same call as returning false are still emitted.</remarks>
    public abstract bool NextBatch(List<T> batch);

    /// <summary>When the engine should call <see cref="NextBatch"/> next.</summary>
    /// <remarks>The default, null, means at once after a batch with items and after a 1 ms cool-down after an empty batch.</remarks>
    public virtual DateTimeOffset? NextAwake() => null;

    /// <summary>The state from which <see cref="FixedPartitionedSource{T,TState}.BuildPart"/> resumes reading after the items read so far.</summary>
    /// <remarks>Asked at the close of every epoch, after the epoch's last <see cref="NextBatch"/>.</remarks>
    public abstract TState Snapshot();

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

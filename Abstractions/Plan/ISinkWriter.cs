namespace Orleans.Dataflow.Plan;

/// <summary>The engine's view of one built sink partition, stateful or not, with its state as bytes.</summary>
public interface ISinkWriter<T> : IDisposable
{
    /// <summary>Writes a batch; the list is only valid during the call.</summary>
    void WriteBatch(IReadOnlyList<T> items);

    /// <summary>The partition's resume state as bytes, or null for a partition without state.</summary>
    byte[]? Snapshot();
}

namespace Orleans.Dataflow.Plan;

/// <summary>The engine's view of one built source partition, stateful or not, with its state as bytes.</summary>
public interface IPartitionReader<T> : IDisposable
{
    /// <summary>Adds the next items to <paramref name="batch"/>; returns false once the partition has ended.</summary>
    bool NextBatch(List<T> batch);

    /// <summary>When to call <see cref="NextBatch"/> next; null lets the engine decide (now after items, shortly after an empty batch).</summary>
    DateTimeOffset? NextAwake();

    /// <summary>The partition's resume state as bytes, or null for a partition without state.</summary>
    byte[]? Snapshot();
}

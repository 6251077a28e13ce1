namespace Orleans.Dataflow.Grains.Recovery;

/// <summary>The serialized state of one key (or source/sink partition) at an epoch close; null state is a tombstone for a discarded key.</summary>
/// <param name="Key">The state key: the item key of a stateful step, or the partition name of a source or sink.</param>
/// <param name="State">The serialized snapshot, or null when the key's state was discarded in the epoch.</param>
public sealed record StateSnapshot(string Key, byte[]? State);

using System.Collections.Concurrent;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>The inboxes of the partitions whose workers run on this silo, by partition key, so a partition of the same silo hands them its batches directly instead of by grain call.</summary>
/// <remarks>
/// A grain call between two activations of one silo passes the batch by reference too, but costs a message, a turn on
/// the receiver's activation and a response on the thread pool: on 2 cores with both running workers that was most
/// of a record's latency and a share of their processor. Partition keys are per attempt, so a key never names an
/// inbox of another attempt. A partition not (yet, or no longer) here is reached by grain call, through the same
/// inbox; sequence numbers keep each channel in order across both ways.
/// </remarks>
internal sealed class LocalInboxes
{
    private readonly ConcurrentDictionary<string, PartitionInbox> _inboxes = new(StringComparer.Ordinal);

    /// <summary>Makes the inbox of partition <paramref name="key"/> reachable from this silo's partitions.</summary>
    public void Add(string key, PartitionInbox inbox) => _inboxes[key] = inbox;

    /// <summary>Forgets the inbox of partition <paramref name="key"/>: its worker has left.</summary>
    public void Remove(string key) => _inboxes.TryRemove(key, out _);

    /// <summary>The inbox of partition <paramref name="key"/>, if its worker runs on this silo.</summary>
    public PartitionInbox? Find(string key) => _inboxes.GetValueOrDefault(key);
}

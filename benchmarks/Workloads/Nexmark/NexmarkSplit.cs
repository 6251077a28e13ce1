namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>How the engine's source partitions share the events, as the topics of a real deployment would be partitioned.</summary>
/// <remarks>
/// The engine's event clocks are per key, and with wait 0 an item behind its key's watermark is late; so a query
/// whose windows are keyed must read each key's events from one partition, where they stay in time order.
/// </remarks>
public enum NexmarkSplit
{
    /// <summary>Event <c>i</c> goes to partition <c>i % n</c>: for the stateless queries.</summary>
    ByNumber,

    /// <summary>A bid goes to partition <c>(auction % 64) % n</c>, other events by number: for queries keyed by auction or by auction shard.</summary>
    ByAuction,

    /// <summary>A person goes to partition <c>id % n</c>, an auction to <c>seller % n</c>, a bid by number: for queries keyed by person.</summary>
    ByPerson,
}

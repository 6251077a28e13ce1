namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>What a NEXMark event announces: a new person, a new auction, or a bid on an auction.</summary>
public enum NexmarkEventKind
{
    /// <summary>A person registered; 1 event in 50.</summary>
    Person,

    /// <summary>A person opened an auction; 3 events in 50.</summary>
    Auction,

    /// <summary>A person bid on an auction; 46 events in 50.</summary>
    Bid,
}

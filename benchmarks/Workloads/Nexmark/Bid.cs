namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>A NEXMark bid: a person's offer on an auction.</summary>
/// <remarks>A value type: 46 events in 50 are bids, and a bid stays inside the event that carries it.</remarks>
/// <param name="Auction">The id of the auction bid on; half the time the most recent hundred's first auction (a hot auction).</param>
/// <param name="Bidder">The id of the person bidding.</param>
/// <param name="Price">The offer in cents, at least 100; log-uniform over six decades.</param>
/// <param name="DateTime">When the bid was made (the event's time; no two bids share it).</param>
public readonly record struct Bid(long Auction, long Bidder, long Price, DateTimeOffset DateTime);

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>A NEXMark auction: an item a person put up for sale.</summary>
/// <param name="Id">The auction's id: 1000 for the first auction, one more for each later one.</param>
/// <param name="Seller">The id of the person selling; usually a recent person, sometimes one not registered yet (NEXMark's id lead).</param>
/// <param name="Category">The item's category, 10 to 14.</param>
/// <param name="Reserve">The least price (cents) the seller accepts.</param>
/// <param name="DateTime">When the auction opened (the event's time).</param>
/// <param name="Expires">When the auction closes.</param>
public sealed record Auction(long Id, long Seller, long Category, long Reserve, DateTimeOffset DateTime, DateTimeOffset Expires);

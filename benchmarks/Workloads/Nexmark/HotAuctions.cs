namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>q5's accumulator for one window: the highest bid count of any auction so far and the auctions that have it.</summary>
/// <remarks>Mutable, with public properties, so that the engine's default (JSON) serde snapshots it with <c>--recovery</c>.</remarks>
public sealed class HotAuctions
{
    /// <summary>The window's id.</summary>
    public long Window { get; set; }

    /// <summary>The highest bid count of an auction in the window so far.</summary>
    public long Count { get; set; }

    /// <summary>The auctions with <see cref="Count"/> bids in the window.</summary>
    public List<long> Auctions { get; set; } = [];

    /// <summary>Takes one auction's count in the window: keeps it if it ties the highest, starts over if it beats it.</summary>
    public HotAuctions Add(long window, long auction, long count)
    {
        Window = window;
        if (count > Count)
        {
            Count = count;
            Auctions.Clear();
        }

        if (count == Count)
        {
            Auctions.Add(auction);
        }

        return this;
    }

    /// <summary>The window's result rows: <c>(window, auction, count)</c> for each hottest auction.</summary>
    public IEnumerable<(long Window, long Auction, long Count)> Rows() => Auctions.Select(a => (Window, a, Count));
}

using System.Runtime.CompilerServices;

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>What each NEXMark query's rows add to the checksum sum, shared by the engine's sinks and the baseline loops.</summary>
/// <remarks>Every figure is combined with <see cref="Mix"/>, so a row with a wrong field, window or key changes the sum.</remarks>
public static class NexmarkChecksum
{
    private const long Multiplier = 1_000_003;

    /// <summary>Combines <paramref name="accumulated"/> and <paramref name="next"/>: <c>accumulated · 1 000 003 + next</c>, wrapping.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Mix(long accumulated, long next) => unchecked((accumulated * Multiplier) + next);

    /// <summary>An event's value in q0: a person's id and name length, an auction's id, seller and reserve, a bid's value.</summary>
    public static long EventValue(NexmarkEvent e) => e.Kind switch
    {
        NexmarkEventKind.Person => Mix(e.Person!.Id, e.Person.Name.Length),
        NexmarkEventKind.Auction => Mix(Mix(e.Auction!.Id, e.Auction.Seller), e.Auction.Reserve),
        _ => BidValue(e.Bid),
    };

    /// <summary>A bid's value: its auction, bidder and price mixed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long BidValue(Bid bid) => Mix(Mix(bid.Auction, bid.Bidder), bid.Price);
}

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>One NEXMark event: its number in the stream, its kind, and the person, auction or bid it carries.</summary>
/// <param name="Number">The event's position in the stream, from 0; its time is <see cref="NexmarkGenerator.TimeOf"/> of it.</param>
/// <param name="Kind">Which of <see cref="Person"/>, <see cref="Auction"/> and <see cref="Bid"/> is set.</param>
/// <param name="Person">The new person, when <see cref="Kind"/> is <see cref="NexmarkEventKind.Person"/>.</param>
/// <param name="Auction">The new auction, when <see cref="Kind"/> is <see cref="NexmarkEventKind.Auction"/>.</param>
/// <param name="Bid">The bid, when <see cref="Kind"/> is <see cref="NexmarkEventKind.Bid"/>; default otherwise.</param>
public readonly record struct NexmarkEvent(long Number, NexmarkEventKind Kind, Person? Person, Auction? Auction, Bid Bid)
{
    /// <summary>Whether the event is a bid.</summary>
    public bool IsBid => Kind == NexmarkEventKind.Bid;
}

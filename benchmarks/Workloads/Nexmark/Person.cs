namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>A NEXMark person: someone who can open auctions and bid.</summary>
/// <param name="Id">The person's id: 1000 for the first person, one more for each later one.</param>
/// <param name="Name">A first and a last name from small fixed lists.</param>
/// <param name="City">A city from a small fixed list.</param>
/// <param name="State">A US state code from a small fixed list.</param>
/// <param name="DateTime">When the person registered (the event's time).</param>
public sealed record Person(long Id, string Name, string City, string State, DateTimeOffset DateTime);

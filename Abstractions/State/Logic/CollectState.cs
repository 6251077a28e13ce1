namespace Orleans.Dataflow;

/// <summary>The snapshot of one key of collect: the items gathered so far and when they are due.</summary>
/// <param name="Items">The items gathered since the last emission, in arrival order.</param>
/// <param name="TimeoutAt">When the items are emitted if no other item arrives.</param>
public sealed record CollectState<TValue>(List<TValue> Items, DateTimeOffset? TimeoutAt);

namespace Orleans.Dataflow;

/// <summary>The two streams of a branch step: items for which the predicate held, and the others.</summary>
/// <param name="Trues">Items for which the predicate returned true.</param>
/// <param name="Falses">Items for which the predicate returned false.</param>
public sealed record BranchOut<T>(Stream<T> Trues, Stream<T> Falses);

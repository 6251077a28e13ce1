namespace Orleans.Dataflow.Silo.Cli;

/// <summary>Where a flow that <c>run</c> runs stands, as this process's partitions count it on the engine's meter.</summary>
/// <param name="RecordsIn">The items its input steps have read in this process's partitions (of their current attempt).</param>
/// <param name="RecordsOut">The items its output steps have written, counted the same way.</param>
/// <param name="Epoch">The latest epoch any of this process's partitions reads in; null before one has started.</param>
/// <param name="CommittedEpoch">The last epoch the recovery store committed; null without a store, or when another process coordinates the run.</param>
internal sealed record RunStatus(long RecordsIn, long RecordsOut, long? Epoch, long? CommittedEpoch);

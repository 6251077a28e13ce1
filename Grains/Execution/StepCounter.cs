namespace Orleans.Dataflow.Grains.Execution;

/// <summary>One count of a worker's step that status shows: items read, items written or live keys.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Kind">What <paramref name="Read"/> counts.</param>
/// <param name="Read">Reads the count; the worker thread updates it per batch and this reads it racily from any thread (a long read is atomic on 64-bit).</param>
internal sealed record StepCounter(string StepId, StepCountKind Kind, Func<long> Read);

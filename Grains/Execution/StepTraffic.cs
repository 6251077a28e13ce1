namespace Orleans.Dataflow.Grains.Execution;

/// <summary>The records one step of a worker received and emitted, as counters read racily from any thread (the worker adds per batch).</summary>
/// <param name="StepId">The step.</param>
/// <param name="In">Reads the records it received: what its upstream ports sent, or what reached it through its exchange.</param>
/// <param name="Out">Reads the records it emitted on all its ports (an output step: the items it wrote).</param>
/// <param name="Late">Whether the step is a window's late stream, whose records out are counted as late records too.</param>
/// <param name="SnapshotBytes">Reads the snapshot bytes a stateful step wrote; null for other steps.</param>
internal sealed record StepTraffic(string StepId, Func<long> In, Func<long> Out, bool Late, Func<long>? SnapshotBytes);

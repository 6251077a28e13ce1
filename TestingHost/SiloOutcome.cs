using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.TestingHost;

/// <summary>How one silo of a <see cref="TestCluster"/> run ended: its result, or the exception it stopped with.</summary>
/// <param name="SiloId">The silo's process id in the cluster.</param>
/// <param name="Result">What the run returned on this silo; null when it threw.</param>
/// <param name="Error">What the run threw on this silo; null when it returned.</param>
public sealed record SiloOutcome(int SiloId, ExecutionResult? Result, Exception? Error);

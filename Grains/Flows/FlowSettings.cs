using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Flows;

/// <summary>How a deployed flow runs: its partitions, epochs, batches and recovery store, as the deployer chose them.</summary>
/// <param name="PartitionCount">Partition grains (workers) over the cluster.</param>
/// <param name="EpochInterval">How often sources cut an epoch (snapshot interval).</param>
/// <param name="ExchangeBatchSize">Records per batch between partitions.</param>
/// <param name="KeyPartitionCount">Key partitions that keys hash to.</param>
/// <param name="RecoveryStore">The recovery store, described without secrets; null runs without recovery, so a lost silo fails the flow.</param>
/// <param name="MaxFailureRestarts">How many times a submitted flow whose execution failed is started again from its last committed epoch (after 1, 2, 4, … s) before it stays failed; only with a recovery store.</param>
[GenerateSerializer, Immutable]
public sealed record FlowSettings(
    [property: Id(0)] int PartitionCount,
    [property: Id(1)] TimeSpan EpochInterval,
    [property: Id(2)] int ExchangeBatchSize,
    [property: Id(3)] int KeyPartitionCount,
    [property: Id(4)] string? RecoveryStore,
    [property: Id(5)] int MaxFailureRestarts = 0)
{
    /// <summary>The settings of an execution on <paramref name="partitionCount"/> partitions with <paramref name="options"/>.</summary>
    public static FlowSettings Of(ExecutionOptions options, int partitionCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new FlowSettings(partitionCount, options.EpochInterval, options.ExchangeBatchSize, options.KeyPartitionCount, options.Recovery?.ToString());
    }

    /// <summary>Whether the flow resumes from its store after a lost silo.</summary>
    public bool Recoverable => RecoveryStore is not null;
}

using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.W2KeyedRunningSum;

/// <summary>The W2 input: (key, value) events generated on the fly, split over the workers by <c>i % n</c>.</summary>
/// <param name="seed">The seed of the events.</param>
/// <param name="count">How many events in all.</param>
/// <param name="keys">The key strings, shared with the baseline loop.</param>
/// <param name="batchSize">How many events per batch.</param>
public sealed class W2Source(ulong seed, long count, string[] keys, int batchSize) : DynamicSource<(string Key, long Value)>
{
    /// <inheritdoc/>
    public override StatelessSourcePartition<(string Key, long Value)> Build(string stepId, int workerIndex, int workerCount)
        => new W2Partition(seed, count, keys, workerIndex, workerCount, batchSize);
}

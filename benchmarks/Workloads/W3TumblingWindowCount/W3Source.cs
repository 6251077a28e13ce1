using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.W3TumblingWindowCount;

/// <summary>The W3 input: timestamped, keyed events generated on the fly, split over the workers by key number.</summary>
/// <param name="seed">The seed of the events.</param>
/// <param name="count">How many events in all.</param>
/// <param name="keys">The key strings, shared with the baseline loop.</param>
/// <param name="ownershipFor">The split of the events over a worker count greater than one.</param>
/// <param name="batchSize">How many events per batch.</param>
public sealed class W3Source(ulong seed, long count, string[] keys, Func<int, W3Ownership> ownershipFor, int batchSize) : DynamicSource<WindowEvent>
{
    /// <inheritdoc/>
    public override StatelessSourcePartition<WindowEvent> Build(string stepId, int workerIndex, int workerCount)
        => workerCount == 1
            ? new W3Partition(seed, count, keys, batchSize)
            : new W3SplitPartition(seed, keys, ownershipFor(workerCount), workerIndex, batchSize);
}

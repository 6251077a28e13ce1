using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.W0StatelessChain;

/// <summary>The W0 input: the integers <c>0 … count - 1</c>, split over the workers by <c>i % n</c>.</summary>
/// <param name="count">How many integers in all.</param>
/// <param name="batchSize">How many integers per batch.</param>
public sealed class W0Source(long count, int batchSize) : DynamicSource<long>
{
    /// <inheritdoc/>
    public override StatelessSourcePartition<long> Build(string stepId, int workerIndex, int workerCount)
        => new W0Partition(count, workerIndex, workerCount, batchSize);
}

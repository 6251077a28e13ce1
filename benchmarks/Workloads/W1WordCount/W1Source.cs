using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.W1WordCount;

/// <summary>The W1 input: pre-generated lines, split over the workers by <c>i % n</c>.</summary>
/// <param name="lines">The lines, shared with the baseline loop; not copied.</param>
/// <param name="batchSize">How many lines per batch.</param>
public sealed class W1Source(string[] lines, int batchSize) : DynamicSource<string>
{
    /// <inheritdoc/>
    public override StatelessSourcePartition<string> Build(string stepId, int workerIndex, int workerCount)
        => new W1Partition(lines, workerIndex, workerCount, batchSize);
}

using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>The NEXMark event stream as an engine input, generated as it is read and split over the workers by event number.</summary>
/// <param name="seed">The seed of the events.</param>
/// <param name="count">How many events in all.</param>
/// <param name="batchSize">How many events per batch.</param>
public sealed class NexmarkSource(ulong seed, long count, int batchSize) : DynamicSource<NexmarkEvent>
{
    /// <inheritdoc/>
    public override StatelessSourcePartition<NexmarkEvent> Build(string stepId, int workerIndex, int workerCount)
        => new NexmarkPartition(seed, count, workerIndex, workerCount, batchSize);
}

using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Inputs;

/// <summary>A source with one partition per worker and no resume state (a generator, a socket, a random feed).</summary>
public abstract class DynamicSource<T> : Source<T>, IDynamicSource<T>
{
    /// <summary>Builds the partition of worker <paramref name="workerIndex"/> of <paramref name="workerCount"/>.</summary>
    public abstract StatelessSourcePartition<T> Build(string stepId, int workerIndex, int workerCount);

    IPartitionReader<T> IDynamicSource<T>.Build(string stepId, int workerIndex, int workerCount)
        => new Reader(Build(stepId, workerIndex, workerCount));

    private sealed class Reader(StatelessSourcePartition<T> partition) : IPartitionReader<T>
    {
        public bool NextBatch(List<T> batch) => partition.NextBatch(batch);

        public DateTimeOffset? NextAwake() => partition.NextAwake();

        public byte[]? Snapshot() => null;

        public void Dispose() => partition.Dispose();
    }
}

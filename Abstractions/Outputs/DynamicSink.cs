using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Outputs;

/// <summary>A sink with one stateless partition per worker; each worker writes the items it holds.</summary>
public abstract class DynamicSink<T> : Sink<T>, IDynamicSink<T>
{
    /// <summary>Builds the partition of worker <paramref name="workerIndex"/> of <paramref name="workerCount"/>.</summary>
    public abstract StatelessSinkPartition<T> Build(string stepId, int workerIndex, int workerCount);

    ISinkWriter<T> IDynamicSink<T>.Build(string stepId, int workerIndex, int workerCount)
        => new Writer(Build(stepId, workerIndex, workerCount));

    private sealed class Writer(StatelessSinkPartition<T> partition) : ISinkWriter<T>
    {
        public void WriteBatch(IReadOnlyList<T> items) => partition.WriteBatch(items);

        public byte[]? Snapshot() => null;

        public void Dispose() => partition.Dispose();
    }
}

namespace Orleans.Dataflow.Plan;

/// <summary>The engine's view of a source with one stateless partition per worker.</summary>
public interface IDynamicSource<T>
{
    /// <summary>Opens the partition of worker <paramref name="workerIndex"/> of <paramref name="workerCount"/>.</summary>
    IPartitionReader<T> Build(string stepId, int workerIndex, int workerCount);
}

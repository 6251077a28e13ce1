namespace Orleans.Dataflow.Plan;

/// <summary>The engine's view of a sink with one stateless partition per worker.</summary>
public interface IDynamicSink<T>
{
    /// <summary>Opens the partition of worker <paramref name="workerIndex"/> of <paramref name="workerCount"/>.</summary>
    ISinkWriter<T> Build(string stepId, int workerIndex, int workerCount);
}

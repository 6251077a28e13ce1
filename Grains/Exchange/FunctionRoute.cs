namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>A route given by a function: a partitioned sink's choice of partition, round-robin redistribution.</summary>
internal readonly struct FunctionRoute<T>(Func<T, int> workerOf) : IExchangeRoute<T>
{
    /// <inheritdoc/>
    public int WorkerOf(T item) => workerOf(item);
}

using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Operators;
using Orleans.Dataflow.Grains.Operators.Stateful;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>The route into a stateful step: the worker that owns the key partition of the record's key.</summary>
/// <remarks>Routed on the worker that sends the record: a record without a key is the stateful step's error (<paramref name="into"/>'s), naming it.</remarks>
internal readonly struct KeyRoute<TValue>(KeyOwners owners, OperatorContext into) : IExchangeRoute<(string Key, TValue Value)>
{
    /// <inheritdoc/>
    public int WorkerOf((string Key, TValue Value) item)
        => item.Key is { } key ? owners.OwnerOf(key) : throw NullKey.Failure(into, item, "routing a record to the worker that owns its key");
}

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>Picks the worker an exchange sends a record to.</summary>
/// <remarks>
/// Implemented by structs and given to <see cref="ExchangeSender{T, TRoute}"/> as a type argument, so the sender's code
/// is compiled for its route and calls it without a delegate: the route runs once per record that crosses the exchange.
/// </remarks>
internal interface IExchangeRoute<in T>
{
    /// <summary>The index of the worker <paramref name="item"/> goes to.</summary>
    int WorkerOf(T item);
}

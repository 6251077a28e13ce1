using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>A stream of (key, value) pairs: the input of every stateful operator, which keeps state per key.</summary>
/// <remarks>
/// Keys are strings, as in Bytewax. Any <c>Stream&lt;(string, TValue)&gt;</c> works where a keyed stream is
/// expected; this type only makes the intent visible. Items with the same key are routed to the same worker.
/// </remarks>
public sealed class KeyedStream<TValue> : Stream<(string Key, TValue Value)>
{
    /// <summary>Creates the keyed stream produced by output <paramref name="port"/> of <paramref name="producer"/>; operators call this.</summary>
    public KeyedStream(Dataflow flow, Step producer, int port)
        : base(flow, producer, port)
    {
    }
}

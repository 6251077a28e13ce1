using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>Sets the order in which a stateful step visits its keys at the end of input.</summary>
public static class EofOrderExtensions
{
    /// <summary>Lets the stateful step that produced <paramref name="stream"/> visit its keys at end of input in the order of the worker's key table, without sorting them first.</summary>
    /// <remarks>
    /// By default a step visits its keys in ordinal key order at end of input, so what it emits then (final
    /// aggregates, windows still open, <c>OnEof</c> output) comes in the same order on each worker in every run: a run
    /// resumed after a crash writes the same bytes as one that never stopped. The key table's order is Bytewax's: the
    /// order keys were first seen, except that a key made after others were discarded may take a freed, earlier
    /// place, and a resumed run puts the keys it restored first. It saves a sort of every key at end of input (a pass
    /// of string comparisons over 100 000 keys in W1's word count). For a window or a join, pass any of its outputs.
    /// </remarks>
    /// <returns>The same stream, for chaining.</returns>
    /// <exception cref="InvalidOperationException"><paramref name="stream"/> does not come from a stateful step or an operator holding one.</exception>
    public static TStream UnsortedAtEof<TStream>(this TStream stream)
        where TStream : DataflowStream
    {
        ArgumentNullException.ThrowIfNull(stream);
        var stateful = stream.Producer is IStatefulStep own ? [own] : OperatorSteps.Of(stream).OfType<IStatefulStep>().ToList();
        if (stateful.Count == 0)
        {
            throw new InvalidOperationException($"step '{stream.Producer.Id}' of flow '{stream.Flow.Id}' keeps no keyed state: UnsortedAtEof applies to the output of a stateful step such as FoldFinal, StatefulMap or a window");
        }

        foreach (var step in stateful)
        {
            step.SortsKeysAtEof = false;
        }

        return stream;
    }
}

using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>Bounds how long a stateful step keeps the state of keys that stop getting items.</summary>
public static class StateLifetimeExtensions
{
    /// <summary>Discards the state of a key that got no item for <paramref name="timeToLive"/> in the stateful step that produced <paramref name="stream"/>, so memory and the recovery store stop growing with keys never seen again.</summary>
    /// <remarks>
    /// <para>
    /// Time is the run's clock. A key's idle time is counted from the end of the epoch of its last item; keys are
    /// checked at each epoch close, so a key goes between <paramref name="timeToLive"/> and that plus one epoch
    /// interval after its last item. Its state is dropped without calling the logic (nothing is emitted for it, so a
    /// final aggregation will not report it at EOF, and a pending window or notification of it is gone) and written
    /// to the recovery store as a tombstone in that epoch, so the store shrinks too. An item of the key after that
    /// starts it afresh. Keys restored from the store count as seen when the run starts.
    /// </para>
    /// <para>Flink calls this state TTL; Bytewax has no equivalent (its state grows with every key ever seen).</para>
    /// </remarks>
    /// <returns>The same stream, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeToLive"/> is not positive.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="stream"/> is not the output of a stateful step (<c>StatefulMap</c>, <c>StatefulFlatMap</c>, <c>FoldFinal</c>, …).</exception>
    public static KeyedStream<T> WithStateTimeToLive<T>(this KeyedStream<T> stream, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        if (stream.Producer is not IStatefulStep stateful)
        {
            throw new InvalidOperationException($"step '{stream.Producer.Id}' of flow '{stream.Flow.Id}' keeps no keyed state: WithStateTimeToLive applies to the output of a stateful step such as StatefulMap or FoldFinal");
        }

        stateful.StateTimeToLive = timeToLive;
        return stream;
    }
}

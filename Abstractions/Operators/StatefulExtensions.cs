using Orleans.Dataflow.Plan;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow;

/// <summary>Operators that keep state per key: stateful_map, stateful_flat_map and the general stateful.</summary>
/// <remarks>
/// Items are routed by key to the worker that owns the key, so all items of a key meet the same state, in the
/// order they were sent. <b>At epoch close:</b> the state of every key changed in the epoch is snapshotted.
/// State types: use a nullable type (a class, or <c>long?</c>) to be able to discard; a non-nullable value type
/// starts at its default and is never discarded.
/// </remarks>
public static class StatefulExtensions
{
    /// <summary>Runs <paramref name="mapper"/> over each key's items with a running state; emits one value per item.</summary>
    /// <remarks>
    /// <b>Emits:</b> <c>(key, emit)</c> for every item, where <c>(state, emit) = mapper(previous state, value)</c>.
    /// <b>State:</b> the mapper gets default for a new key — null for a class or a nullable type such as
    /// <c>long?</c>, which can also be discarded by returning null; zero for a plain value type such as <c>long</c>,
    /// which is never discarded.
    /// <b>At EOF:</b> nothing more is emitted.
    /// </remarks>
    public static KeyedStream<TOut> StatefulMap<TValue, TState, TOut>(this Stream<(string Key, TValue Value)> up, string stepId,
        Func<TState?, TValue, (TState? State, TOut Emit)> mapper, ISerde<TState>? stateSerde = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return StepBuilder.Stateful(up, new StatefulStep<TValue, TOut, TState?, TState>(stepId, "stateful_map", up,
            _ => new StatefulMapLogic<TValue, TState, TOut>(mapper), stateSerde));
    }

    /// <summary>Runs <paramref name="mapper"/> over each key's items with a running state; emits any number of values per item.</summary>
    /// <remarks>
    /// <b>Emits:</b> <c>(key, w)</c> for every <c>w</c> the mapper returns. <b>State:</b> as
    /// <see cref="StatefulMap{TValue,TState,TOut}"/>: a null state discards (the values are still emitted).
    /// <b>At EOF:</b> nothing more is emitted.
    /// </remarks>
    public static KeyedStream<TOut> StatefulFlatMap<TValue, TState, TOut>(this Stream<(string Key, TValue Value)> up, string stepId,
        Func<TState?, TValue, (TState? State, IEnumerable<TOut> Emit)> mapper, ISerde<TState>? stateSerde = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return StepBuilder.Stateful(up, new StatefulStep<TValue, TOut, TState?, TState>(stepId, "stateful_flat_map", up,
            _ => new StatefulFlatMapLogic<TValue, TState, TOut>(mapper), stateSerde));
    }

    /// <summary>Runs a <see cref="StatefulLogic{TValue,TOut,TState}"/> per key: items, timed notifications and EOF, with snapshots.</summary>
    /// <remarks>
    /// <b>Emits:</b> whatever the logic emits, keyed by its key. <b>State:</b> <paramref name="builder"/> makes the
    /// logic of a key on its first item (with default) or on resume (with its snapshot); a logic that returns
    /// <see cref="StateAction.Discard"/> is dropped. <b>Notifications:</b> <c>OnNotify</c> runs once the time from
    /// <c>NotifyAt</c> has passed, without waiting for data. <b>At EOF:</b> <c>OnEof</c> runs for every live key, in key order.
    /// </remarks>
    public static KeyedStream<TOut> Stateful<TValue, TOut, TState>(this Stream<(string Key, TValue Value)> up, string stepId,
        Func<TState?, StatefulLogic<TValue, TOut, TState>> builder, ISerde<TState>? stateSerde = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return StepBuilder.Stateful(up, new StatefulStep<TValue, TOut, StatefulLogic<TValue, TOut, TState>, TState>(stepId, "stateful", up,
            _ => new ObjectPerKeyLogic<TValue, TOut, TState>(builder), stateSerde));
    }
}

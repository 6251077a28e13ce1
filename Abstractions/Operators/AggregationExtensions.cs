using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>Keyed aggregations that emit once per key at the end of input, and collect, which emits lists per key.</summary>
/// <remarks>
/// All run on the worker that owns the key. <b>At epoch close:</b> the accumulator of every key changed in the
/// epoch is snapshotted. <b>At EOF:</b> the *_final operators emit one <c>(key, result)</c> per key, in key order
/// on each worker (or unsorted, after <see cref="EofOrderExtensions.UnsortedAtEof{TStream}"/>), and drop their state.
/// On an unbounded input they never emit.
/// </remarks>
public static class AggregationExtensions
{
    /// <summary>Combines all values of each key with <paramref name="reducer"/>; the first value starts the accumulator.</summary>
    /// <remarks><b>Emits:</b> <c>(key, reducer(...reducer(v1, v2)..., vn))</c> per key at EOF.</remarks>
    public static KeyedStream<TValue> ReduceFinal<TValue>(this Stream<(string Key, TValue Value)> up, string stepId, Func<TValue, TValue, TValue> reducer)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        return StepBuilder.Stateful(up, new StatefulStep<TValue, TValue, (bool, TValue), TValue>(stepId, "reduce_final", up,
            _ => new ReduceFinalLogic<TValue>(reducer)));
    }

    /// <summary>Folds all values of each key into an accumulator that <paramref name="builder"/> starts.</summary>
    /// <remarks><b>Emits:</b> <c>(key, accumulator)</c> per key at EOF. <paramref name="builder"/> is called on the key's first value.</remarks>
    public static KeyedStream<TState> FoldFinal<TValue, TState>(this Stream<(string Key, TValue Value)> up, string stepId,
        Func<TState> builder, Func<TState, TValue, TState> folder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(folder);
        return StepBuilder.Stateful(up, new StatefulStep<TValue, TState, TState, TState>(stepId, "fold_final", up,
            _ => new FoldFinalLogic<TValue, TState>(builder, folder)));
    }

    /// <summary>Counts the items of a stream per key, the key being <paramref name="key"/> of each item.</summary>
    /// <remarks>
    /// <b>Emits:</b> <c>(key, count)</c> per distinct key at EOF. The upstream need not be keyed. Made of two
    /// steps, <c>{stepId}.key</c> (stateless) and <c>{stepId}.sum</c> (stateful).
    /// </remarks>
    public static KeyedStream<long> CountFinal<T>(this Stream<T> up, string stepId, Func<T, string> key)
    {
        ArgumentNullException.ThrowIfNull(up);
        ArgumentNullException.ThrowIfNull(key);
        up.Flow.ReserveScope(stepId);
        var keyStep = new UnaryStep<T, (string Key, long Value)>($"{stepId}.key", "count_final", up, context => (batch, output) =>
        {
            var i = 0;
            try
            {
                for (; i < batch.Length; i++)
                {
                    output.Emit((key(batch[i]) ?? throw new InvalidOperationException($"the key function of step '{context.FlowId}.{stepId}' returned null"), 1L));
                }
            }
            catch (Exception e)
            {
                throw new ItemFailedException(batch[i], e, i);
            }
        });
        up.Flow.AddNested(stepId, keyStep);
        var ones = new KeyedStream<long>(up.Flow, keyStep, 0);
        // Counts add up: each worker counts its own items per key and epoch, and only those counts cross to the key's owner.
        return StepBuilder.Stateful(ones, new StatefulStep<long, long, long, long>($"{stepId}.sum", "count_final", ones,
            _ => new FoldFinalLogic<long, long>(static () => 0L, static (count, partial) => count + partial))
        { PreCombine = static (a, b) => a + b }, stepId);
    }

    /// <summary>Keeps the largest value of each key, compared by the value itself.</summary>
    /// <remarks><b>Emits:</b> <c>(key, max)</c> per key at EOF; of equal values the first to reach the key's worker is kept (with several partitions or workers, which one that is is not fixed).</remarks>
    public static KeyedStream<TValue> MaxFinal<TValue>(this Stream<(string Key, TValue Value)> up, string stepId)
        => up.MaxFinal(stepId, static v => v);

    /// <summary>Keeps the value of each key for which <paramref name="by"/> is largest.</summary>
    /// <remarks><b>Emits:</b> <c>(key, value)</c> per key at EOF, the whole value, not <c>by(value)</c>; of equal ones the first to reach the key's worker is kept.</remarks>
    public static KeyedStream<TValue> MaxFinal<TValue, TBy>(this Stream<(string Key, TValue Value)> up, string stepId, Func<TValue, TBy> by)
    {
        ArgumentNullException.ThrowIfNull(by);
        var comparer = Comparer<TBy>.Default;
        return StepBuilder.Stateful(up, new StatefulStep<TValue, TValue, (bool, TValue), TValue>(stepId, "max_final", up,
            _ => new ReduceFinalLogic<TValue>((best, next) => comparer.Compare(by(next), by(best)) > 0 ? next : best)));
    }

    /// <summary>Keeps the smallest value of each key, compared by the value itself.</summary>
    /// <remarks><b>Emits:</b> <c>(key, min)</c> per key at EOF; of equal values the first to reach the key's worker is kept (with several partitions or workers, which one that is is not fixed).</remarks>
    public static KeyedStream<TValue> MinFinal<TValue>(this Stream<(string Key, TValue Value)> up, string stepId)
        => up.MinFinal(stepId, static v => v);

    /// <summary>Keeps the value of each key for which <paramref name="by"/> is smallest.</summary>
    /// <remarks><b>Emits:</b> <c>(key, value)</c> per key at EOF, the whole value; of equal ones the first to reach the key's worker is kept.</remarks>
    public static KeyedStream<TValue> MinFinal<TValue, TBy>(this Stream<(string Key, TValue Value)> up, string stepId, Func<TValue, TBy> by)
    {
        ArgumentNullException.ThrowIfNull(by);
        var comparer = Comparer<TBy>.Default;
        return StepBuilder.Stateful(up, new StatefulStep<TValue, TValue, (bool, TValue), TValue>(stepId, "min_final", up,
            _ => new ReduceFinalLogic<TValue>((best, next) => comparer.Compare(by(next), by(best)) < 0 ? next : best)));
    }

    /// <summary>Gathers each key's values into lists of at most <paramref name="maxSize"/>, emitted when full or when <paramref name="timeout"/> passes without a new value.</summary>
    /// <remarks>
    /// <b>Emits:</b> <c>(key, list)</c> as soon as a key has <paramref name="maxSize"/> values; or once
    /// <paramref name="timeout"/> has passed since the key's last value, without waiting for more data; never an
    /// empty list. <b>At EOF:</b> emits every key's partial list. Timeouts are reckoned by the run's clock unless
    /// <paramref name="clock"/> is given; the engine fires them by the run's clock, so a custom clock should be the
    /// same one the run uses.
    /// </remarks>
    public static KeyedStream<List<TValue>> Collect<TValue>(this Stream<(string Key, TValue Value)> up, string stepId,
        TimeSpan timeout, int maxSize, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return StepBuilder.Stateful(up, new StatefulStep<TValue, List<TValue>, StatefulLogic<TValue, List<TValue>, CollectState<TValue>>, CollectState<TValue>>(stepId, "collect", up,
            context => new ObjectPerKeyLogic<TValue, List<TValue>, CollectState<TValue>>(resume => new CollectLogic<TValue>(resume, timeout, maxSize, clock ?? context.Clock))));
    }
}

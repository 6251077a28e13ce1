using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>Stateless one-to-many transformations: map, filter, filter_map, flat_map, flat_map_batch, flatten, enrich_cached.</summary>
/// <remarks>
/// These steps keep no state and need no exchange: each worker transforms the items it holds, and the engine
/// fuses consecutive ones. <b>At epoch close:</b> nothing to snapshot. <b>At EOF:</b> nothing is emitted.
/// </remarks>
public static class TransformExtensions
{
    /// <summary>Transforms every item one-to-one.</summary>
    /// <remarks><b>Emits:</b> <c>mapper(item)</c> for every item, in order, including null results.</remarks>
    public static Stream<TOut> Map<TIn, TOut>(this Stream<TIn> up, string stepId, Func<TIn, TOut> mapper)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return StepBuilder.Unary<TIn, TOut>(up, stepId, "map", _ => (batch, output) =>
        {
            var i = 0;
            try
            {
                for (; i < batch.Length; i++)
                {
                    output.Emit(mapper(batch[i]));
                }
            }
            catch (Exception e)
            {
                throw new ItemFailedException(batch[i], e, i);
            }
        });
    }

    /// <summary>Keeps the items for which <paramref name="predicate"/> returns true.</summary>
    /// <remarks><b>Emits:</b> each kept item unchanged, in order.</remarks>
    public static Stream<T> Filter<T>(this Stream<T> up, string stepId, Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return StepBuilder.Unary<T, T>(up, stepId, "filter", _ => (batch, output) =>
        {
            var i = 0;
            try
            {
                for (; i < batch.Length; i++)
                {
                    if (predicate(batch[i]))
                    {
                        output.Emit(batch[i]);
                    }
                }
            }
            catch (Exception e)
            {
                throw new ItemFailedException(batch[i], e, i);
            }
        });
    }

    /// <summary>Transforms every item and drops the null results (a map and a filter in one step).</summary>
    /// <remarks><b>Emits:</b> <c>mapper(item)</c> unless it is null.</remarks>
    public static Stream<TOut> FilterMap<TIn, TOut>(this Stream<TIn> up, string stepId, Func<TIn, TOut?> mapper)
        where TOut : class
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return StepBuilder.Unary<TIn, TOut>(up, stepId, "filter_map", _ => (batch, output) =>
            StepBuilder.ForEach<TIn, TOut>(batch, output, (item, o) =>
            {
                if (mapper(item) is { } result)
                {
                    o.Emit(result);
                }
            }));
    }

    /// <summary>Transforms every item into a nullable value and drops the nulls (a map and a filter in one step).</summary>
    /// <remarks><b>Emits:</b> the value of <c>mapper(item)</c> unless it has none.</remarks>
    public static Stream<TOut> FilterMap<TIn, TOut>(this Stream<TIn> up, string stepId, Func<TIn, TOut?> mapper)
        where TOut : struct
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return StepBuilder.Unary<TIn, TOut>(up, stepId, "filter_map", _ => (batch, output) =>
            StepBuilder.ForEach<TIn, TOut>(batch, output, (item, o) =>
            {
                if (mapper(item) is { } result)
                {
                    o.Emit(result);
                }
            }));
    }

    /// <summary>Transforms every item into any number of items.</summary>
    /// <remarks><b>Emits:</b> every element of <c>mapper(item)</c>, in order.</remarks>
    public static Stream<TOut> FlatMap<TIn, TOut>(this Stream<TIn> up, string stepId, Func<TIn, IEnumerable<TOut>> mapper)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return StepBuilder.Unary<TIn, TOut>(up, stepId, "flat_map", _ => (batch, output) =>
            StepBuilder.ForEach<TIn, TOut>(batch, output, (item, o) => o.EmitAll(mapper(item))));
    }

    /// <summary>Transforms each batch of items at once, for code that is cheaper per batch (a bulk lookup, a vectorised call).</summary>
    /// <remarks>
    /// <b>Emits:</b> every element of <c>mapper(batch)</c>. A batch holds items of one epoch that arrived together;
    /// its size depends on the source and is never empty.
    /// </remarks>
    public static Stream<TOut> FlatMapBatch<TIn, TOut>(this Stream<TIn> up, string stepId, Func<IReadOnlyList<TIn>, IEnumerable<TOut>> mapper)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return StepBuilder.Unary<TIn, TOut>(up, stepId, "flat_map_batch", _ => (batch, output) =>
        {
            var items = batch.ToArray();
            try
            {
                output.EmitAll(mapper(items));
            }
            catch (Exception e)
            {
                throw new ItemFailedException(items.Length == 1 ? items[0] : $"a batch of {items.Length} items starting with {items[0]}", e);
            }
        });
    }

    /// <summary>Turns a stream of collections into a stream of their elements.</summary>
    /// <remarks><b>Emits:</b> every element of every item, in order; an empty collection emits nothing; a null item is an error.</remarks>
    public static Stream<T> Flatten<T>(this Stream<IEnumerable<T>> up, string stepId) => FlattenAny<IEnumerable<T>, T>(up, stepId);

    /// <summary>Turns a stream of lists (such as collect's output after key_rm) into a stream of their elements.</summary>
    /// <remarks><b>Emits:</b> every element of every list, in order; an empty list emits nothing; a null item is an error.</remarks>
    public static Stream<T> Flatten<T>(this Stream<List<T>> up, string stepId) => FlattenAny<List<T>, T>(up, stepId);

    /// <summary>Turns a stream of arrays into a stream of their elements.</summary>
    /// <remarks><b>Emits:</b> every element of every array, in order; an empty array emits nothing; a null item is an error.</remarks>
    public static Stream<T> Flatten<T>(this Stream<T[]> up, string stepId) => FlattenAny<T[], T>(up, stepId);

    private static Stream<T> FlattenAny<TCollection, T>(Stream<TCollection> up, string stepId)
        where TCollection : IEnumerable<T>
        => StepBuilder.Unary<TCollection, T>(up, stepId, "flatten", context => (batch, output) =>
            StepBuilder.ForEach<TCollection, T>(batch, output, (item, o) =>
                o.EmitAll(item ?? throw new InvalidOperationException($"step '{context.FlowId}.{context.StepId}' requires upstream items to be collections; got null"))));

    /// <summary>Transforms each item with the help of values looked up by key and cached per worker (Bytewax's enrich_cached).</summary>
    /// <remarks>
    /// <b>Emits:</b> <c>mapper(cache, item)</c> for every item. <b>State:</b> each worker has its own
    /// <see cref="TtlCache{TKey,TValue}"/>; <paramref name="getter"/> fills it on a miss or when an entry is older
    /// than <paramref name="ttl"/> (default: never expires). The cache is not snapshotted. The clock — the run's
    /// clock unless <paramref name="clock"/> is given — is read once per batch.
    /// </remarks>
    public static Stream<TOut> EnrichCached<TIn, TKey, TValue, TOut>(this Stream<TIn> up, string stepId,
        Func<TKey, TValue> getter, Func<TtlCache<TKey, TValue>, TIn, TOut> mapper, TimeSpan? ttl = null, TimeProvider? clock = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(getter);
        ArgumentNullException.ThrowIfNull(mapper);
        return StepBuilder.Unary<TIn, TOut>(up, stepId, "enrich_cached", context =>
        {
            var time = clock ?? context.Clock;
            var cache = new TtlCache<TKey, TValue>(getter, ttl ?? TimeSpan.MaxValue);
            return (batch, output) =>
            {
                cache.Now = time.GetUtcNow();
                StepBuilder.ForEach<TIn, TOut>(batch, output, (item, o) => o.Emit(mapper(cache, item)));
            };
        });
    }
}

using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>Operators that make keyed streams and transform their values: key_on, key_rm, map_value, filter_value, flat_map_value, filter_map_value.</summary>
/// <remarks>All are stateless: they keep no state and need no exchange. The key of every output is the key of its input.</remarks>
public static class KeyedExtensions
{
    /// <summary>Keys every item by the string <paramref name="key"/> returns, as the input of stateful operators.</summary>
    /// <remarks><b>Emits:</b> <c>(key(item), item)</c>; a null key is an error that names the item.</remarks>
    public static KeyedStream<T> KeyOn<T>(this Stream<T> up, string stepId, Func<T, string> key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return StepBuilder.KeyedUnary<T, T>(up, stepId, "key_on", context => (batch, output) =>
        {
            var i = 0;
            try
            {
                for (; i < batch.Length; i++)
                {
                    var item = batch[i];
                    output.Emit((key(item) ?? throw new InvalidOperationException($"the key function of step '{context.FlowId}.{context.StepId}' returned null"), item));
                }
            }
            catch (Exception e)
            {
                throw new ItemFailedException(batch[i], e, i);
            }
        });
    }

    /// <summary>Drops the keys of a keyed stream.</summary>
    /// <remarks><b>Emits:</b> the value of every pair.</remarks>
    public static Stream<TValue> KeyRm<TValue>(this Stream<(string Key, TValue Value)> up, string stepId)
        => StepBuilder.Unary<(string Key, TValue Value), TValue>(up, stepId, "key_rm", _ => (batch, output) =>
        {
            foreach (var (_, value) in batch)
            {
                output.Emit(value);
            }
        });

    /// <summary>Transforms the value of every pair, keeping its key.</summary>
    /// <remarks><b>Emits:</b> <c>(key, mapper(value))</c> for every pair.</remarks>
    public static KeyedStream<TOut> MapValue<TValue, TOut>(this Stream<(string Key, TValue Value)> up, string stepId, Func<TValue, TOut> mapper)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return StepBuilder.KeyedUnary<(string Key, TValue Value), TOut>(up, stepId, "map_value", _ => (batch, output) =>
            StepBuilder.ForEach<(string Key, TValue Value), (string, TOut)>(batch, output, (pair, o) => o.Emit((pair.Key, mapper(pair.Value)))));
    }

    /// <summary>Keeps the pairs whose value satisfies <paramref name="predicate"/>.</summary>
    /// <remarks><b>Emits:</b> each kept pair unchanged.</remarks>
    public static KeyedStream<TValue> FilterValue<TValue>(this Stream<(string Key, TValue Value)> up, string stepId, Func<TValue, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return StepBuilder.KeyedUnary<(string Key, TValue Value), TValue>(up, stepId, "filter_value", _ => (batch, output) =>
            StepBuilder.ForEach<(string Key, TValue Value), (string, TValue)>(batch, output, (pair, o) =>
            {
                if (predicate(pair.Value))
                {
                    o.Emit(pair);
                }
            }));
    }

    /// <summary>Transforms the value of every pair into any number of values, each keyed by the pair's key.</summary>
    /// <remarks><b>Emits:</b> <c>(key, w)</c> for every <c>w</c> of <c>mapper(value)</c>.</remarks>
    public static KeyedStream<TOut> FlatMapValue<TValue, TOut>(this Stream<(string Key, TValue Value)> up, string stepId, Func<TValue, IEnumerable<TOut>> mapper)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return StepBuilder.KeyedUnary<(string Key, TValue Value), TOut>(up, stepId, "flat_map_value", _ => (batch, output) =>
            StepBuilder.ForEach<(string Key, TValue Value), (string, TOut)>(batch, output, (pair, o) =>
            {
                foreach (var value in mapper(pair.Value))
                {
                    o.Emit((pair.Key, value));
                }
            }));
    }

    /// <summary>Transforms the value of every pair and drops the pairs whose result is null.</summary>
    /// <remarks><b>Emits:</b> <c>(key, mapper(value))</c> unless the result is null.</remarks>
    public static KeyedStream<TOut> FilterMapValue<TValue, TOut>(this Stream<(string Key, TValue Value)> up, string stepId, Func<TValue, TOut?> mapper)
        where TOut : class
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return StepBuilder.KeyedUnary<(string Key, TValue Value), TOut>(up, stepId, "filter_map_value", _ => (batch, output) =>
            StepBuilder.ForEach<(string Key, TValue Value), (string, TOut)>(batch, output, (pair, o) =>
            {
                if (mapper(pair.Value) is { } result)
                {
                    o.Emit((pair.Key, result));
                }
            }));
    }

    /// <summary>Transforms the value of every pair into a nullable value and drops the pairs without one.</summary>
    /// <remarks><b>Emits:</b> <c>(key, result)</c> when <c>mapper(value)</c> has a value.</remarks>
    public static KeyedStream<TOut> FilterMapValue<TValue, TOut>(this Stream<(string Key, TValue Value)> up, string stepId, Func<TValue, TOut?> mapper)
        where TOut : struct
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return StepBuilder.KeyedUnary<(string Key, TValue Value), TOut>(up, stepId, "filter_map_value", _ => (batch, output) =>
            StepBuilder.ForEach<(string Key, TValue Value), (string, TOut)>(batch, output, (pair, o) =>
            {
                if (mapper(pair.Value) is { } result)
                {
                    o.Emit((pair.Key, result));
                }
            }));
    }
}

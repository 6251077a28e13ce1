using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>Adds steps to the flow of an upstream stream; the one place operators create steps.</summary>
internal static class StepBuilder
{
    public static Stream<TOut> Unary<TIn, TOut>(Stream<TIn> up, string stepId, string operatorName, Func<StepContext, BatchLogic<TIn, TOut>> logic)
    {
        ArgumentNullException.ThrowIfNull(up);
        var step = new UnaryStep<TIn, TOut>(stepId, operatorName, up, logic);
        up.Flow.Add(step);
        return new Stream<TOut>(up.Flow, step, 0);
    }

    public static KeyedStream<TOut> KeyedUnary<TIn, TOut>(Stream<TIn> up, string stepId, string operatorName, Func<StepContext, BatchLogic<TIn, (string Key, TOut Value)>> logic)
    {
        ArgumentNullException.ThrowIfNull(up);
        var step = new UnaryStep<TIn, (string Key, TOut Value)>(stepId, operatorName, up, logic);
        up.Flow.Add(step);
        return new KeyedStream<TOut>(up.Flow, step, 0);
    }

    public static KeyedStream<TOut> Stateful<TValue, TOut, TSlot, TState>(Stream<(string Key, TValue Value)> up, StatefulStep<TValue, TOut, TSlot, TState> step, string? parentId = null)
    {
        ArgumentNullException.ThrowIfNull(up);
        if (parentId is null)
        {
            up.Flow.Add(step);
        }
        else
        {
            up.Flow.AddNested(parentId, step);
        }

        return new KeyedStream<TOut>(up.Flow, step, 0);
    }

    /// <summary>Runs <paramref name="perItem"/> over a batch, reporting the item a user function failed on.</summary>
    public static void ForEach<TIn, TOut>(ReadOnlySpan<TIn> batch, Emitter<TOut> output, Action<TIn, Emitter<TOut>> perItem)
    {
        var i = 0;
        try
        {
            for (; i < batch.Length; i++)
            {
                perItem(batch[i], output);
            }
        }
        catch (Exception e) when (e is not ItemFailedException)
        {
            throw new ItemFailedException(batch[i], e, i);
        }
    }
}

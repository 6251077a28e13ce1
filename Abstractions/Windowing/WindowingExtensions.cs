using Orleans.Dataflow.Plan;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Windowing;

/// <summary>Windowing operators: group each key's items into time windows and emit per window, with late items and window metadata on their own streams.</summary>
/// <remarks>
/// <para>Every operator takes a <see cref="Clock{TValue}"/> (what time an item has, where the watermark is) and a
/// <see cref="Windower"/> (tumbling, sliding or session windows), and returns a <see cref="WindowOut{TValue,TOut}"/>:
/// results, late items, and metadata. Clocks, windows and watermarks are per key, as in Bytewax.</para>
/// <para><b>Emits:</b> results once a window closes (join modes complete and running emit earlier); window ids are
/// per key. A window closes when the key's watermark passes its close, on a later item of the key or, without
/// items, when system time brings the watermark there: the operator wakes for it and an idle flow uses no CPU in
/// between. <b>Late:</b> an item before its key's watermark goes to the late stream, never silently dropped.
/// <b>At epoch close:</b> each key changed in the epoch is snapshotted: clock, windower, every open window, queued
/// items; wake-ups follow from them after a restart. <b>At EOF:</b> the watermark jumps to the end of time, so
/// every open window closes and emits.</para>
/// <para>Each operator is made of the steps <c>{stepId}.window</c> (stateful) and <c>{stepId}.down</c>,
/// <c>{stepId}.late</c>, <c>{stepId}.meta</c>.</para>
/// </remarks>
public static class WindowingExtensions
{
    /// <summary>The generic windowing operator: runs a <see cref="WindowLogic{TValue,TOut,TState}"/> per window per key.</summary>
    /// <remarks>
    /// <b>Emits:</b> whatever the window logics emit, on <see cref="WindowOut{TValue,TOut}.Down"/> with the window id.
    /// <b>State:</b> <paramref name="builder"/> makes a window's logic on the window's first item (with default) or on
    /// resume (with its snapshot). With <paramref name="ordered"/> (the default) items reach the logic in timestamp
    /// order once the watermark passes them; otherwise in arrival order, at once.
    /// </remarks>
    public static WindowOut<TValue, TOut> Window<TValue, TOut, TState>(this Stream<(string Key, TValue Value)> up, string stepId,
        Clock<TValue> clock, Windower windower, Func<TState?, WindowLogic<TValue, TOut, TState>> builder, bool ordered = true,
        ISerde<TState>? stateSerde = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Scoped(up, stepId, "window", clock, windower, new LogicWindowAggregator<TValue, TOut, TState>(WindowLogicFactory<TValue, TOut, TState>.Of(builder)), ordered, stateSerde);
    }

    /// <summary>Folds each window's values into an accumulator that <paramref name="builder"/> starts; emits it when the window closes.</summary>
    /// <remarks>
    /// <b>Emits:</b> <c>(key, (window id, accumulator))</c> per window at close. <paramref name="merger"/> combines two
    /// accumulators when session windows merge. Values are folded in timestamp order unless <paramref name="ordered"/> is false.
    /// </remarks>
    public static WindowOut<TValue, TAcc> FoldWindow<TValue, TAcc>(this Stream<(string Key, TValue Value)> up, string stepId,
        Clock<TValue> clock, Windower windower, Func<TAcc> builder, Func<TAcc, TValue, TAcc> folder, Func<TAcc, TAcc, TAcc> merger,
        bool ordered = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(merger);
        return Scoped(up, stepId, "fold_window", clock, windower, new FoldWindowAggregator<TValue, TAcc>(builder, folder, merger), ordered, null);
    }

    /// <summary>Collects each window's values into a list, in timestamp order unless <paramref name="ordered"/> is false.</summary>
    /// <remarks><b>Emits:</b> <c>(key, (window id, list))</c> per window at close; merged sessions append the later session's values.</remarks>
    public static WindowOut<TValue, List<TValue>> CollectWindow<TValue>(this Stream<(string Key, TValue Value)> up, string stepId,
        Clock<TValue> clock, Windower windower, bool ordered = true) =>
        up.CollectWindow(stepId, clock, windower, static () => new List<TValue>(), ordered);

    /// <summary>Collects each window's values into a collection made by <paramref name="into"/>: a set, a sorted set, a dictionary of pairs...</summary>
    /// <remarks><b>Emits:</b> <c>(key, (window id, collection))</c> per window at close; merged sessions add the later session's values.</remarks>
    public static WindowOut<TValue, TCollection> CollectWindow<TValue, TCollection>(this Stream<(string Key, TValue Value)> up, string stepId,
        Clock<TValue> clock, Windower windower, Func<TCollection> into, bool ordered = true)
        where TCollection : ICollection<TValue>
    {
        ArgumentNullException.ThrowIfNull(into);
        return Scoped(up, stepId, "collect_window", clock, windower, new FoldWindowAggregator<TValue, TCollection>(into,
            static (collection, value) =>
            {
                collection.Add(value);
                return collection;
            },
            static (collection, merged) =>
            {
                foreach (var value in merged)
                {
                    collection.Add(value);
                }

                return collection;
            }), ordered, null);
    }

    /// <summary>Counts the items of each window per key, the key being <paramref name="key"/> of each item; the upstream need not be keyed.</summary>
    /// <remarks>
    /// <b>Emits:</b> <c>(key, (window id, count))</c> per window at close. Counting is unordered (order cannot change a
    /// count). Adds a stateless <c>{stepId}.key</c> step before the window steps.
    /// </remarks>
    public static WindowOut<T, long> CountWindow<T>(this Stream<T> up, string stepId, Clock<T> clock, Windower windower, Func<T, string> key)
    {
        ArgumentNullException.ThrowIfNull(up);
        ArgumentNullException.ThrowIfNull(key);
        up.Flow.ReserveScope(stepId);
        var keyStep = new UnaryStep<T, (string Key, T Value)>($"{stepId}.key", "count_window", up, context => (batch, output) =>
        {
            var i = 0;
            try
            {
                for (; i < batch.Length; i++)
                {
                    var item = batch[i];
                    output.Emit((key(item) ?? throw new InvalidOperationException($"the key function of step '{context.FlowId}.{stepId}' returned null"), item));
                }
            }
            catch (Exception e)
            {
                throw new ItemFailedException(batch[i], e, i);
            }
        });
        up.Flow.AddNested(stepId, keyStep);
        var keyed = new KeyedStream<T>(up.Flow, keyStep, 0);
        return WindowSteps.Add(keyed, stepId, "count_window", clock, windower,
            new CountWindowAggregator<T>(), false, null);
    }

    /// <summary>Combines each window's values with <paramref name="reducer"/>; the first value starts the accumulator.</summary>
    /// <remarks><b>Emits:</b> <c>(key, (window id, reduced value))</c> per window at close. Values are reduced in arrival order, as in Bytewax.</remarks>
    public static WindowOut<TValue, TValue> ReduceWindow<TValue>(this Stream<(string Key, TValue Value)> up, string stepId,
        Clock<TValue> clock, Windower windower, Func<TValue, TValue, TValue> reducer)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        return Scoped(up, stepId, "reduce_window", clock, windower, new ReduceWindowAggregator<TValue>(reducer), false, null);
    }

    /// <summary>Keeps the largest value of each window, compared by the value itself.</summary>
    /// <remarks><b>Emits:</b> <c>(key, (window id, max))</c> per window at close; of equal values the first to arrive is kept.</remarks>
    public static WindowOut<TValue, TValue> MaxWindow<TValue>(this Stream<(string Key, TValue Value)> up, string stepId,
        Clock<TValue> clock, Windower windower) => up.MaxWindow(stepId, clock, windower, static v => v);

    /// <summary>Keeps the value of each window for which <paramref name="by"/> is largest.</summary>
    /// <remarks><b>Emits:</b> <c>(key, (window id, value))</c> per window at close, the whole value; of equal ones the first to arrive is kept.</remarks>
    public static WindowOut<TValue, TValue> MaxWindow<TValue, TBy>(this Stream<(string Key, TValue Value)> up, string stepId,
        Clock<TValue> clock, Windower windower, Func<TValue, TBy> by) => Extreme(up, stepId, "max_window", clock, windower, by, 1);

    /// <summary>Keeps the smallest value of each window, compared by the value itself.</summary>
    /// <remarks><b>Emits:</b> <c>(key, (window id, min))</c> per window at close; of equal values the first to arrive is kept.</remarks>
    public static WindowOut<TValue, TValue> MinWindow<TValue>(this Stream<(string Key, TValue Value)> up, string stepId,
        Clock<TValue> clock, Windower windower) => up.MinWindow(stepId, clock, windower, static v => v);

    /// <summary>Keeps the value of each window for which <paramref name="by"/> is smallest.</summary>
    /// <remarks><b>Emits:</b> <c>(key, (window id, value))</c> per window at close, the whole value; of equal ones the first to arrive is kept.</remarks>
    public static WindowOut<TValue, TValue> MinWindow<TValue, TBy>(this Stream<(string Key, TValue Value)> up, string stepId,
        Clock<TValue> clock, Windower windower, Func<TValue, TBy> by) => Extreme(up, stepId, "min_window", clock, windower, by, -1);

    /// <summary>Joins the values of each key from <paramref name="left"/> and <paramref name="right"/> within each window into <c>(left, right)</c> rows.</summary>
    /// <remarks>
    /// <b>Emits:</b> by <paramref name="emitMode"/>. Final (the default): the window's rows when it closes. Complete: a
    /// row as soon as every side has a value in the window, after which the window starts over. Running: the
    /// window's rows on every value. A side without a value is <c>default</c> (use a nullable type to tell).
    /// <b>State:</b> per window, the values kept per side by <paramref name="insertMode"/> (last by default). The
    /// clock reads a <see cref="JoinSide{TLeft,TRight}"/>, and the late stream carries them. Adds the steps
    /// <c>{stepId}.left</c>, <c>{stepId}.right</c> and <c>{stepId}.merge</c> before the window steps.
    /// </remarks>
    public static WindowOut<JoinSide<TLeft, TRight>, (TLeft? Left, TRight? Right)> JoinWindow<TLeft, TRight>(
        this Stream<(string Key, TLeft Value)> left, string stepId, Clock<JoinSide<TLeft, TRight>> clock, Windower windower,
        Stream<(string Key, TRight Value)> right, JoinInsertMode insertMode = JoinInsertMode.Last, JoinEmitMode emitMode = JoinEmitMode.Final,
        bool ordered = true)
    {
        var flow = JoinSteps.Reserve(stepId, insertMode, emitMode, left, right);
        return JoinSteps.JoinWindow(flow, stepId, JoinExtensions.LabelTwo(flow, stepId, left, right), new TwoWayJoin<TLeft, TRight>(), clock, windower,
            insertMode, emitMode, ordered);
    }

    /// <summary>Joins the values of each key from three streams within each window into <c>(first, second, third)</c> rows.</summary>
    /// <remarks>
    /// Emits and keeps as the two-way <c>JoinWindow</c> does, over three sides: complete waits for all three in the
    /// window. The clock reads a <see cref="JoinSide{T1,T2,T3}"/>, and the late stream carries them. Adds the steps
    /// <c>{stepId}.first</c>, <c>{stepId}.second</c>, <c>{stepId}.third</c> and <c>{stepId}.merge</c> before the window steps.
    /// </remarks>
    public static WindowOut<JoinSide<T1, T2, T3>, (T1? First, T2? Second, T3? Third)> JoinWindow<T1, T2, T3>(
        this Stream<(string Key, T1 Value)> first, string stepId, Clock<JoinSide<T1, T2, T3>> clock, Windower windower,
        Stream<(string Key, T2 Value)> second, Stream<(string Key, T3 Value)> third, JoinInsertMode insertMode = JoinInsertMode.Last,
        JoinEmitMode emitMode = JoinEmitMode.Final, bool ordered = true)
    {
        var flow = JoinSteps.Reserve(stepId, insertMode, emitMode, first, second, third);
        return JoinSteps.JoinWindow(flow, stepId, JoinExtensions.LabelThree(flow, stepId, first, second, third), new ThreeWayJoin<T1, T2, T3>(), clock,
            windower, insertMode, emitMode, ordered);
    }

    /// <summary>Joins the values of each key from four streams within each window into <c>(first, second, third, fourth)</c> rows.</summary>
    /// <remarks>
    /// Emits and keeps as the two-way <c>JoinWindow</c> does, over four sides: complete waits for all four in the
    /// window. The clock reads a <see cref="JoinSide{T1,T2,T3,T4}"/>, and the late stream carries them. Adds the steps
    /// <c>{stepId}.first</c> to <c>{stepId}.fourth</c> and <c>{stepId}.merge</c> before the window steps.
    /// </remarks>
    public static WindowOut<JoinSide<T1, T2, T3, T4>, (T1? First, T2? Second, T3? Third, T4? Fourth)> JoinWindow<T1, T2, T3, T4>(
        this Stream<(string Key, T1 Value)> first, string stepId, Clock<JoinSide<T1, T2, T3, T4>> clock, Windower windower,
        Stream<(string Key, T2 Value)> second, Stream<(string Key, T3 Value)> third, Stream<(string Key, T4 Value)> fourth,
        JoinInsertMode insertMode = JoinInsertMode.Last, JoinEmitMode emitMode = JoinEmitMode.Final, bool ordered = true)
    {
        var flow = JoinSteps.Reserve(stepId, insertMode, emitMode, first, second, third, fourth);
        return JoinSteps.JoinWindow(flow, stepId, JoinExtensions.LabelFour(flow, stepId, first, second, third, fourth), new FourWayJoin<T1, T2, T3, T4>(),
            clock, windower, insertMode, emitMode, ordered);
    }

    /// <summary>Joins the values of each key from <paramref name="first"/> and every stream of <paramref name="others"/>, all of one type, within each window into array rows.</summary>
    /// <remarks>
    /// Emits and keeps as the two-way <c>JoinWindow</c> does, over all the sides. A row has one element per side:
    /// index 0 is <paramref name="first"/>'s value, index <c>i</c> that of <c>others[i - 1]</c>. The clock reads a
    /// <see cref="JoinSide{TValue}"/> (its <c>Value</c>, whatever the side), and the late stream carries them. At most
    /// <see cref="JoinSide{TValue}.MaxSides"/> sides. Adds the steps <c>{stepId}.side0</c>, <c>{stepId}.side1</c>, …
    /// and <c>{stepId}.merge</c> before the window steps.
    /// </remarks>
    public static WindowOut<JoinSide<TValue>, TValue?[]> JoinWindow<TValue>(this Stream<(string Key, TValue Value)> first, string stepId,
        Clock<JoinSide<TValue>> clock, Windower windower, IReadOnlyList<Stream<(string Key, TValue Value)>> others,
        JoinInsertMode insertMode = JoinInsertMode.Last, JoinEmitMode emitMode = JoinEmitMode.Final, bool ordered = true)
    {
        var flow = JoinSteps.ReserveMany(stepId, insertMode, emitMode, first, others);
        return JoinSteps.JoinWindow(flow, stepId, JoinSteps.LabelMany(flow, stepId, first, others), new ManyWayJoin<TValue>(others.Count + 1), clock,
            windower, insertMode, emitMode, ordered);
    }

    /// <summary>max_window (<paramref name="sign"/> 1) or min_window (-1): a reduce keeping a later value only if it compares strictly beyond the best.</summary>
    private static WindowOut<TValue, TValue> Extreme<TValue, TBy>(Stream<(string Key, TValue Value)> up, string stepId, string operatorName,
        Clock<TValue> clock, Windower windower, Func<TValue, TBy> by, int sign)
    {
        ArgumentNullException.ThrowIfNull(by);
        var comparer = Comparer<TBy>.Default;
        return Scoped(up, stepId, operatorName, clock, windower,
            new ReduceWindowAggregator<TValue>((best, next) => sign * Math.Sign(comparer.Compare(by(next), by(best))) > 0 ? next : best), false, null);
    }

    private static WindowOut<TValue, TOut> Scoped<TValue, TOut, TSlot, TState>(Stream<(string Key, TValue Value)> up, string stepId, string operatorName,
        Clock<TValue> clock, Windower windower, WindowAggregator<TValue, TOut, TSlot, TState> windows, bool ordered, ISerde<TState>? stateSerde)
    {
        ArgumentNullException.ThrowIfNull(up);
        up.Flow.ReserveScope(stepId);
        return WindowSteps.Add(up, stepId, operatorName, clock, windower, windows, ordered, stateSerde);
    }
}

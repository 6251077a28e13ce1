namespace Orleans.Dataflow;

/// <summary>Joins of keyed streams outside windows: the values of each key from every side, gathered into rows (Bytewax's <c>join</c>).</summary>
/// <remarks>
/// <para>Two, three or four sides of any types give tuple rows; any number of sides of one type gives array rows.
/// Every side is routed by key to the worker owning the key, so the values of a key from all sides meet in one
/// state. One join of all the sides is not the same as chained two-way joins: complete waits for every side at once
/// and starts the key over only then, running and final rows have one position per side, each <c>default</c> while
/// its side has no value.</para>
/// <para><b>Emits:</b> by the emit mode. Complete (the default): rows as soon as every side has a value, after
/// which the key starts over. Running: the current rows on every value. Final: the rows at EOF, once per key. A side
/// without a value is <c>default</c> in running and final rows; use a nullable type such as <c>int?</c> to tell it
/// from a real value. With <see cref="JoinInsertMode.Product"/> the rows are every combination of the values kept,
/// the first side varying slowest. <b>State:</b> the values kept per side, by the insert mode (last by default).
/// <b>At epoch close:</b> the state of every key changed in the epoch is snapshotted. <b>At EOF:</b> final emits
/// every key's rows and drops them; the others emit nothing more.</para>
/// <para>For joins within time windows see <c>JoinWindow</c> in <see cref="Windowing.WindowingExtensions"/>.</para>
/// </remarks>
public static class JoinExtensions
{
    /// <summary>Gathers the values of each key from <paramref name="left"/> and <paramref name="right"/> into <c>(left, right)</c> rows.</summary>
    /// <remarks>
    /// Emits and keeps as the class remarks say. Made of the steps <c>{stepId}.left</c>, <c>{stepId}.right</c>,
    /// <c>{stepId}.merge</c> and <c>{stepId}.join</c> (the stateful one).
    /// </remarks>
    public static KeyedStream<(TLeft? Left, TRight? Right)> Join<TLeft, TRight>(this Stream<(string Key, TLeft Value)> left, string stepId,
        Stream<(string Key, TRight Value)> right, JoinInsertMode insertMode = JoinInsertMode.Last, JoinEmitMode emitMode = JoinEmitMode.Complete)
    {
        var flow = JoinSteps.Reserve(stepId, insertMode, emitMode, left, right);
        return JoinSteps.Join(flow, stepId, LabelTwo(flow, stepId, left, right), new TwoWayJoin<TLeft, TRight>(), insertMode, emitMode);
    }

    /// <summary>Gathers the values of each key from three streams into <c>(first, second, third)</c> rows.</summary>
    /// <remarks>
    /// Emits and keeps as the class remarks say: complete waits for all three sides. Made of the steps
    /// <c>{stepId}.first</c>, <c>{stepId}.second</c>, <c>{stepId}.third</c>, <c>{stepId}.merge</c> and <c>{stepId}.join</c>.
    /// </remarks>
    public static KeyedStream<(T1? First, T2? Second, T3? Third)> Join<T1, T2, T3>(this Stream<(string Key, T1 Value)> first, string stepId,
        Stream<(string Key, T2 Value)> second, Stream<(string Key, T3 Value)> third, JoinInsertMode insertMode = JoinInsertMode.Last,
        JoinEmitMode emitMode = JoinEmitMode.Complete)
    {
        var flow = JoinSteps.Reserve(stepId, insertMode, emitMode, first, second, third);
        return JoinSteps.Join(flow, stepId, LabelThree(flow, stepId, first, second, third), new ThreeWayJoin<T1, T2, T3>(), insertMode, emitMode);
    }

    /// <summary>Gathers the values of each key from four streams into <c>(first, second, third, fourth)</c> rows.</summary>
    /// <remarks>
    /// Emits and keeps as the class remarks say: complete waits for all four sides. Made of the steps
    /// <c>{stepId}.first</c> to <c>{stepId}.fourth</c>, <c>{stepId}.merge</c> and <c>{stepId}.join</c>.
    /// </remarks>
    public static KeyedStream<(T1? First, T2? Second, T3? Third, T4? Fourth)> Join<T1, T2, T3, T4>(this Stream<(string Key, T1 Value)> first,
        string stepId, Stream<(string Key, T2 Value)> second, Stream<(string Key, T3 Value)> third, Stream<(string Key, T4 Value)> fourth,
        JoinInsertMode insertMode = JoinInsertMode.Last, JoinEmitMode emitMode = JoinEmitMode.Complete)
    {
        var flow = JoinSteps.Reserve(stepId, insertMode, emitMode, first, second, third, fourth);
        return JoinSteps.Join(flow, stepId, LabelFour(flow, stepId, first, second, third, fourth), new FourWayJoin<T1, T2, T3, T4>(), insertMode, emitMode);
    }

    /// <summary>Gathers the values of each key from <paramref name="first"/> and every stream of <paramref name="others"/>, all of one type, into array rows.</summary>
    /// <remarks>
    /// Emits and keeps as the class remarks say. A row has one element per side: index 0 is <paramref name="first"/>'s
    /// value, index <c>i</c> that of <c>others[i - 1]</c>; each row is a new array. At most
    /// <see cref="JoinSide{TValue}.MaxSides"/> sides; with no others the join has one side, as in Bytewax. Made of the
    /// steps <c>{stepId}.side0</c>, <c>{stepId}.side1</c>, …, <c>{stepId}.merge</c> and <c>{stepId}.join</c>.
    /// </remarks>
    public static KeyedStream<TValue?[]> Join<TValue>(this Stream<(string Key, TValue Value)> first, string stepId,
        IReadOnlyList<Stream<(string Key, TValue Value)>> others, JoinInsertMode insertMode = JoinInsertMode.Last,
        JoinEmitMode emitMode = JoinEmitMode.Complete)
    {
        var flow = JoinSteps.ReserveMany(stepId, insertMode, emitMode, first, others);
        return JoinSteps.Join(flow, stepId, JoinSteps.LabelMany(flow, stepId, first, others), new ManyWayJoin<TValue>(others.Count + 1), insertMode, emitMode);
    }

    /// <summary>The label steps <c>{stepId}.left</c> and <c>{stepId}.right</c> of a two-way join.</summary>
    internal static KeyedStream<JoinSide<TLeft, TRight>>[] LabelTwo<TLeft, TRight>(Dataflow flow, string stepId, Stream<(string Key, TLeft Value)> left,
        Stream<(string Key, TRight Value)> right) =>
    [
        JoinSteps.Label(flow, stepId, "left", left, JoinSide<TLeft, TRight>.OfLeft),
        JoinSteps.Label(flow, stepId, "right", right, JoinSide<TLeft, TRight>.OfRight),
    ];

    /// <summary>The label steps <c>{stepId}.first</c> to <c>{stepId}.third</c> of a three-way join.</summary>
    internal static KeyedStream<JoinSide<T1, T2, T3>>[] LabelThree<T1, T2, T3>(Dataflow flow, string stepId, Stream<(string Key, T1 Value)> first,
        Stream<(string Key, T2 Value)> second, Stream<(string Key, T3 Value)> third) =>
    [
        JoinSteps.Label(flow, stepId, "first", first, JoinSide<T1, T2, T3>.OfFirst),
        JoinSteps.Label(flow, stepId, "second", second, JoinSide<T1, T2, T3>.OfSecond),
        JoinSteps.Label(flow, stepId, "third", third, JoinSide<T1, T2, T3>.OfThird),
    ];

    /// <summary>The label steps <c>{stepId}.first</c> to <c>{stepId}.fourth</c> of a four-way join.</summary>
    internal static KeyedStream<JoinSide<T1, T2, T3, T4>>[] LabelFour<T1, T2, T3, T4>(Dataflow flow, string stepId, Stream<(string Key, T1 Value)> first,
        Stream<(string Key, T2 Value)> second, Stream<(string Key, T3 Value)> third, Stream<(string Key, T4 Value)> fourth) =>
    [
        JoinSteps.Label(flow, stepId, "first", first, JoinSide<T1, T2, T3, T4>.OfFirst),
        JoinSteps.Label(flow, stepId, "second", second, JoinSide<T1, T2, T3, T4>.OfSecond),
        JoinSteps.Label(flow, stepId, "third", third, JoinSide<T1, T2, T3, T4>.OfThird),
        JoinSteps.Label(flow, stepId, "fourth", fourth, JoinSide<T1, T2, T3, T4>.OfFourth),
    ];
}

using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow;

/// <summary>Joins of two keyed streams outside windows: the values of each key from both sides, gathered into rows.</summary>
/// <remarks>
/// Both sides are routed by key to the worker owning the key, so the values of a key from both sides meet in one
/// state. <b>At epoch close:</b> the state of every key changed in the epoch is snapshotted. For joins within time
/// windows see <c>JoinWindow</c> in <see cref="Windowing.WindowingExtensions"/>.
/// </remarks>
public static class JoinExtensions
{
    /// <summary>Gathers the values of each key from <paramref name="left"/> and <paramref name="right"/> into <c>(left, right)</c> rows.</summary>
    /// <remarks>
    /// <b>Emits:</b> depends on <paramref name="emitMode"/>. Complete (the default): one row as soon as both sides have
    /// a value, after which the key starts over. Running: the current rows on every value. Final: the rows at EOF,
    /// once per key. A side without a value is <c>default</c> in running and final rows; use a nullable type such as
    /// <c>int?</c> to tell it from a real value. With <see cref="JoinInsertMode.Product"/> the rows are every
    /// combination of the values kept. <b>State:</b> the values kept per side, by <paramref name="insertMode"/>
    /// (last by default). Made of the steps <c>{stepId}.left</c>, <c>{stepId}.right</c>, <c>{stepId}.merge</c> and
    /// <c>{stepId}.join</c> (the stateful one). <b>At EOF:</b> final emits every key's rows and drops them; the
    /// others emit nothing more.
    /// </remarks>
    public static KeyedStream<(TLeft? Left, TRight? Right)> Join<TLeft, TRight>(this Stream<(string Key, TLeft Value)> left, string stepId,
        Stream<(string Key, TRight Value)> right, JoinInsertMode insertMode = JoinInsertMode.Last, JoinEmitMode emitMode = JoinEmitMode.Complete)
    {
        CheckModes(insertMode, emitMode);
        var sides = LabelAndMerge(left, stepId, right);
        return StepBuilder.Stateful(sides, new StatefulStep<JoinSide<TLeft, TRight>, (TLeft?, TRight?), JoinState<TLeft, TRight>, JoinState<TLeft, TRight>>(
            $"{stepId}.join", "join", sides, _ => new JoinLogic<TLeft, TRight>(insertMode, emitMode)), stepId);
    }

    /// <summary>Reserves <paramref name="stepId"/> and merges both sides into one keyed stream of <see cref="JoinSide{TLeft,TRight}"/>.</summary>
    internal static KeyedStream<JoinSide<TLeft, TRight>> LabelAndMerge<TLeft, TRight>(Stream<(string Key, TLeft Value)> left, string stepId,
        Stream<(string Key, TRight Value)> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var flow = left.Flow;
        flow.ReserveScope(stepId);
        var leftStep = new UnaryStep<(string Key, TLeft Value), (string Key, JoinSide<TLeft, TRight> Value)>($"{stepId}.left", "join", left,
            _ => static (batch, output) =>
            {
                foreach (var (key, value) in batch)
                {
                    output.Emit((key, JoinSide<TLeft, TRight>.OfLeft(value)));
                }
            });
        flow.AddNested(stepId, leftStep);
        var rightStep = new UnaryStep<(string Key, TRight Value), (string Key, JoinSide<TLeft, TRight> Value)>($"{stepId}.right", "join", right,
            _ => static (batch, output) =>
            {
                foreach (var (key, value) in batch)
                {
                    output.Emit((key, JoinSide<TLeft, TRight>.OfRight(value)));
                }
            });
        flow.AddNested(stepId, rightStep);
        var merge = new MergeStep<(string Key, JoinSide<TLeft, TRight> Value)>($"{stepId}.merge",
            [new KeyedStream<JoinSide<TLeft, TRight>>(flow, leftStep, 0), new KeyedStream<JoinSide<TLeft, TRight>>(flow, rightStep, 0)]);
        flow.AddNested(stepId, merge);
        return new KeyedStream<JoinSide<TLeft, TRight>>(flow, merge, 0);
    }

    /// <summary>Rejects a mode that is not one of the enum's values, as Bytewax rejects an unknown mode string.</summary>
    internal static void CheckModes(JoinInsertMode insertMode, JoinEmitMode emitMode)
    {
        if (!Enum.IsDefined(insertMode))
        {
            throw new ArgumentOutOfRangeException(nameof(insertMode), insertMode, $"unknown join insert mode {insertMode}");
        }

        if (!Enum.IsDefined(emitMode))
        {
            throw new ArgumentOutOfRangeException(nameof(emitMode), emitMode, $"unknown join emit mode {emitMode}");
        }
    }
}

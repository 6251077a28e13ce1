using Orleans.Dataflow.Plan;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow;

/// <summary>Builds the steps of a join of any arity: a label step per side, their merge, and the stateful join or the window steps.</summary>
internal static class JoinSteps
{
    /// <summary>Checks the modes and that every side is given, then claims <paramref name="stepId"/> in the first side's flow.</summary>
    /// <remarks>Everything is checked before the id is claimed, so a call that throws leaves the flow as it was.</remarks>
    public static Dataflow Reserve(string stepId, JoinInsertMode insertMode, JoinEmitMode emitMode, params ReadOnlySpan<DataflowStream?> sides)
    {
        CheckModes(insertMode, emitMode);
        for (var side = 0; side < sides.Length; side++)
        {
            if (sides[side] is null)
            {
                throw new ArgumentNullException(nameof(sides),
                    $"join '{stepId}': side {side} (counting from 0) is null; every side of a join needs a stream");
            }
        }

        var flow = sides[0]!.Flow;
        flow.ReserveScope(stepId);
        return flow;
    }

    /// <summary>Adds the step <c>{stepId}.{name}</c>, which labels every value of <paramref name="side"/> with <paramref name="label"/>.</summary>
    public static KeyedStream<TItem> Label<TValue, TItem>(Dataflow flow, string stepId, string name, Stream<(string Key, TValue Value)> side,
        Func<TValue, TItem> label)
    {
        var step = new UnaryStep<(string Key, TValue Value), (string Key, TItem Value)>($"{stepId}.{name}", "join", side,
            _ => (batch, output) =>
            {
                foreach (var (key, value) in batch)
                {
                    output.Emit((key, label(value)));
                }
            });
        flow.AddNested(stepId, step);
        return new KeyedStream<TItem>(flow, step, 0);
    }

    /// <summary>Adds the step <c>{stepId}.join</c> over the merge of the labelled sides: the join outside windows.</summary>
    public static KeyedStream<TRow> Join<TItem, TRow>(Dataflow flow, string stepId, KeyedStream<TItem>[] labelled, JoinShape<TItem, TRow> shape,
        JoinInsertMode insertMode, JoinEmitMode emitMode)
    {
        var sides = Merge(flow, stepId, labelled);
        return StepBuilder.Stateful(sides, new StatefulStep<TItem, TRow, JoinState<TItem>, JoinState<TItem>>(
            $"{stepId}.join", "join", sides, _ => new JoinLogic<TItem, TRow>(shape, insertMode, emitMode), new JoinStateSerde<TItem>(shape)), stepId);
    }

    /// <summary>Adds the window steps of <c>join_window</c> over the merge of the labelled sides.</summary>
    public static WindowOut<TItem, TRow> JoinWindow<TItem, TRow>(Dataflow flow, string stepId, KeyedStream<TItem>[] labelled, JoinShape<TItem, TRow> shape,
        Clock<TItem> clock, Windower windower, JoinInsertMode insertMode, JoinEmitMode emitMode, bool ordered)
    {
        var sides = Merge(flow, stepId, labelled);
        return WindowSteps.Add(sides, stepId, "join_window", clock, windower,
            new LogicWindowAggregator<TItem, TRow, JoinState<TItem>>(new JoinWindowFactory<TItem, TRow>(shape, insertMode, emitMode)), ordered,
            new JoinStateSerde<TItem>(shape));
    }

    /// <summary>Labels side 0 and every one of <paramref name="others"/> with its position, as the steps <c>{stepId}.side0</c>, <c>.side1</c>, ….</summary>
    public static KeyedStream<JoinSide<TValue>>[] LabelMany<TValue>(Dataflow flow, string stepId, Stream<(string Key, TValue Value)> first,
        IReadOnlyList<Stream<(string Key, TValue Value)>> others)
    {
        var labelled = new KeyedStream<JoinSide<TValue>>[others.Count + 1];
        for (var side = 0; side < labelled.Length; side++)
        {
            var position = side;
            labelled[side] = Label(flow, stepId, $"side{side}", side == 0 ? first : others[side - 1], value => new JoinSide<TValue>(position, value));
        }

        return labelled;
    }

    /// <summary>Checks <paramref name="others"/> of a join of streams of one type and claims <paramref name="stepId"/>.</summary>
    public static Dataflow ReserveMany<TValue>(string stepId, JoinInsertMode insertMode, JoinEmitMode emitMode, Stream<(string Key, TValue Value)> first,
        IReadOnlyList<Stream<(string Key, TValue Value)>> others)
    {
        ArgumentNullException.ThrowIfNull(others);
        if (others.Count + 1 > JoinSide<TValue>.MaxSides)
        {
            throw new ArgumentException($"join '{stepId}' has {others.Count + 1} sides; a join takes at most {JoinSide<TValue>.MaxSides}", nameof(others));
        }

        return Reserve(stepId, insertMode, emitMode, [first, .. others]);
    }

    /// <summary>Rejects a mode that is not one of the enum's values, as Bytewax rejects an unknown mode string.</summary>
    private static void CheckModes(JoinInsertMode insertMode, JoinEmitMode emitMode)
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

    private static KeyedStream<TItem> Merge<TItem>(Dataflow flow, string stepId, KeyedStream<TItem>[] labelled)
    {
        var merge = new MergeStep<(string Key, TItem Value)>($"{stepId}.merge", labelled);
        flow.AddNested(stepId, merge);
        return new KeyedStream<TItem>(flow, merge, 0);
    }
}

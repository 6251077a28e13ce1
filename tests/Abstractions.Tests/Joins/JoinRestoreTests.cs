using Orleans.Dataflow.Abstractions.Tests.Windowing;

namespace Orleans.Dataflow.Abstractions.Tests.Joins;

/// <summary>
/// A join's per-key snapshot (<see cref="JoinState{TItem}"/> through its serde) is all it needs: a run that
/// snapshots every key to bytes after any item and restores them into a fresh <see cref="JoinLogic{TItem,TRow}"/>
/// emits what a run without the restart emits, in every insert and emit mode, with two, three or any number of sides.
/// </summary>
public sealed class JoinRestoreTests
{
    private static readonly DateTimeOffset _start = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<JoinInsertMode, JoinEmitMode> Modes
    {
        get
        {
            var modes = new TheoryData<JoinInsertMode, JoinEmitMode>();
            foreach (var insert in Enum.GetValues<JoinInsertMode>())
            {
                foreach (var emit in Enum.GetValues<JoinEmitMode>())
                {
                    modes.Add(insert, emit);
                }
            }

            return modes;
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Join_RestartAfterAnyItem_EqualsStraightRun(JoinInsertMode insertMode, JoinEmitMode emitMode)
    {
        var check = Check(insertMode, emitMode);

        check.AssertEveryCutMatchesStraightRun(Script);
    }

    [Fact]
    public void Join_FinalProductRestartBeforeEof_EmitsEveryCombinationOfBothRuns()
    {
        var check = Check(JoinInsertMode.Product, JoinEmitMode.Final);

        var run = check.Interrupted(Script, 3);

        Assert.Empty(run.Before);
        Assert.Equal(["a: (l1, 1)", "a: (l1, 2)", "a: (l2, 1)", "a: (l2, 2)", "b: (l3, )", "c: (, 3)"], run.After[^1]);
    }

    [Fact]
    public void Join_CompleteLastRestartWithOneSideSet_EmitsOnceTheOtherArrives()
    {
        var check = Check(JoinInsertMode.Last, JoinEmitMode.Complete);

        var run = check.Interrupted(Script, 1);

        Assert.Equal(["a: (l1, 1)"], run.After[0]);
        Assert.Null(run.OriginalNotify["a"]);
        Assert.Null(run.RestoredNotify["a"]);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void JoinOfThree_RestartAfterAnyItem_EqualsStraightRun(JoinInsertMode insertMode, JoinEmitMode emitMode)
    {
        var check = ThreeCheck(insertMode, emitMode);

        check.AssertEveryCutMatchesStraightRun(ThreeScript);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void JoinOfManyOfOneType_RestartAfterAnyItem_EqualsStraightRun(JoinInsertMode insertMode, JoinEmitMode emitMode)
    {
        var check = ManyCheck(insertMode, emitMode);

        check.AssertEveryCutMatchesStraightRun(ManyScript);
    }

    [Fact]
    public void JoinOfThree_CompleteRestartWithTwoSidesSet_EmitsOnceTheThirdArrives()
    {
        var check = ThreeCheck(JoinInsertMode.Last, JoinEmitMode.Complete);

        var run = check.Interrupted(ThreeScript, 2);

        Assert.Empty(run.Before);
        Assert.Equal(["a: (l1, 1, t1)"], run.After[0]);
        Assert.Equal(["a: (l1, 1, t1)", "a: (l2, 2, t2)"], run.All);
    }

    [Fact]
    public void JoinOfManyOfOneType_FinalProductRestartBeforeEof_EmitsEveryCombinationOfBothRuns()
    {
        var check = ManyCheck(JoinInsertMode.Product, JoinEmitMode.Final);

        var run = check.Interrupted(ManyScript, 3);

        Assert.Empty(run.Before);
        Assert.Equal(["a: [x0 y1 z2]", "a: [x0 y1 z3]", "b: [- y4 -]"], run.After[^1]);
    }

    private static List<ScriptStep<JoinSide<string, int?, string>>> ThreeScript =>
    [
        Item(0, "a", JoinSide<string, int?, string>.OfFirst("l1")),
        Item(1, "a", JoinSide<string, int?, string>.OfSecond(1)),
        Item(2, "a", JoinSide<string, int?, string>.OfThird("t1")),
        Item(3, "a", JoinSide<string, int?, string>.OfThird("t2")),
        Item(4, "a", JoinSide<string, int?, string>.OfSecond(2)),
        Item(5, "b", JoinSide<string, int?, string>.OfSecond(3)),
        Item(6, "a", JoinSide<string, int?, string>.OfFirst("l2")),
    ];

    private static List<ScriptStep<JoinSide<string>>> ManyScript =>
    [
        Item(0, "a", new JoinSide<string>(0, "x0")),
        Item(1, "a", new JoinSide<string>(1, "y1")),
        Item(2, "a", new JoinSide<string>(2, "z2")),
        Item(3, "a", new JoinSide<string>(2, "z3")),
        Item(4, "b", new JoinSide<string>(1, "y4")),
    ];

    private static List<ScriptStep<JoinSide<string, int?>>> Script =>
    [
        Item(0, "a", JoinSide<string, int?>.OfLeft("l1")),
        Item(1, "a", JoinSide<string, int?>.OfRight(1)),
        Item(2, "b", JoinSide<string, int?>.OfLeft("l3")),
        Item(3, "a", JoinSide<string, int?>.OfLeft("l2")),
        Item(4, "a", JoinSide<string, int?>.OfRight(2)),
        Item(5, "c", JoinSide<string, int?>.OfRight(3)),
    ];

    private static ScriptStep<TItem> Item<TItem>(int second, string key, TItem side) => ScriptStep<TItem>.Item(_start.AddSeconds(second), key, side);

    private static RestoreCheck<JoinSide<string, int?>, (string?, int?), JoinState<JoinSide<string, int?>>, JoinState<JoinSide<string, int?>>> Check(
        JoinInsertMode insertMode, JoinEmitMode emitMode) => Check(new TwoWayJoin<string, int?>(), insertMode, emitMode, row => $"({row.Item1}, {row.Item2})");

    private static RestoreCheck<JoinSide<string, int?, string>, (string?, int?, string?), JoinState<JoinSide<string, int?, string>>, JoinState<JoinSide<string, int?, string>>>
        ThreeCheck(JoinInsertMode insertMode, JoinEmitMode emitMode) =>
        Check(new ThreeWayJoin<string, int?, string>(), insertMode, emitMode, row => $"({row.Item1}, {row.Item2}, {row.Item3})");

    private static RestoreCheck<JoinSide<string>, string?[], JoinState<JoinSide<string>>, JoinState<JoinSide<string>>> ManyCheck(
        JoinInsertMode insertMode, JoinEmitMode emitMode) =>
        Check(new ManyWayJoin<string>(3), insertMode, emitMode, row => $"[{string.Join(' ', row.Select(v => v ?? "-"))}]");

    private static RestoreCheck<TItem, TRow, JoinState<TItem>, JoinState<TItem>> Check<TItem, TRow>(JoinShape<TItem, TRow> shape,
        JoinInsertMode insertMode, JoinEmitMode emitMode, Func<TRow, string> render) =>
        new(_ => new JoinLogic<TItem, TRow>(shape, insertMode, emitMode), new JoinStateSerde<TItem>(shape), (key, row) => $"{key}: {render(row)}");
}

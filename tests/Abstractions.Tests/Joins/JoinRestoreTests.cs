using Orleans.Dataflow.Abstractions.Tests.Windowing;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Abstractions.Tests.Joins;

/// <summary>
/// A join's per-key snapshot (<see cref="JoinState{TLeft,TRight}"/> through its serde) is all it needs: a run that
/// snapshots every key to bytes after any item and restores them into a fresh <see cref="JoinLogic{TLeft,TRight}"/>
/// emits what a run without the restart emits, in every insert and emit mode.
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

    private static List<ScriptStep<JoinSide<string, int?>>> Script =>
    [
        Item(0, "a", JoinSide<string, int?>.OfLeft("l1")),
        Item(1, "a", JoinSide<string, int?>.OfRight(1)),
        Item(2, "b", JoinSide<string, int?>.OfLeft("l3")),
        Item(3, "a", JoinSide<string, int?>.OfLeft("l2")),
        Item(4, "a", JoinSide<string, int?>.OfRight(2)),
        Item(5, "c", JoinSide<string, int?>.OfRight(3)),
    ];

    private static ScriptStep<JoinSide<string, int?>> Item(int second, string key, JoinSide<string, int?> side) =>
        ScriptStep<JoinSide<string, int?>>.Item(_start.AddSeconds(second), key, side);

    private static RestoreCheck<JoinSide<string, int?>, (string?, int?), JoinState<string, int?>, JoinState<string, int?>> Check(
        JoinInsertMode insertMode, JoinEmitMode emitMode) =>
        new(_ => new JoinLogic<string, int?>(insertMode, emitMode), Serde.For<JoinState<string, int?>>(), (key, row) => $"{key}: ({row.Item1}, {row.Item2})");
}

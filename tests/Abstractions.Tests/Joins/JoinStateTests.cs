using Orleans.Dataflow.Abstractions.Tests.Windowing;

namespace Orleans.Dataflow.Abstractions.Tests.Joins;

/// <summary>Bytewax's test_join_state_astuples and the per-mode insert and merge rules of its join state, on <see cref="JoinState{TLeft,TRight}"/>.</summary>
/// <remarks>Bytewax's state has any number of sides, its test three with the middle one empty; ours has two, so each side is left empty in turn.</remarks>
public sealed class JoinStateTests
{
    [Fact]
    public void JoinState_SeveralValuesPerSide_RowsAreEveryCombinationLeftMajor()
    {
        var state = new JoinState<int, int>();
        Insert(state, JoinInsertMode.Product, Left(1), Left(2), Right(3), Right(4));

        Assert.Equal([(1, 3), (1, 4), (2, 3), (2, 4)], Rows(state));
    }

    [Fact]
    public void JoinState_RightSideEmpty_EachLeftValuePairsWithDefault()
    {
        var state = new JoinState<int?, int?>();
        state.Insert(JoinSide<int?, int?>.OfLeft(1), JoinInsertMode.Product);
        state.Insert(JoinSide<int?, int?>.OfLeft(2), JoinInsertMode.Product);

        Assert.Equal([(1, (int?)null), (2, null)], Rows(state));
        Assert.False(state.AllSet);
    }

    [Fact]
    public void JoinState_LeftSideEmpty_EachRightValuePairsWithDefault()
    {
        var state = new JoinState<int?, int?>();
        state.Insert(JoinSide<int?, int?>.OfRight(3), JoinInsertMode.Product);
        state.Insert(JoinSide<int?, int?>.OfRight(4), JoinInsertMode.Product);

        Assert.Equal([((int?)null, (int?)3), (null, 4)], Rows(state));
    }

    [Theory]
    [InlineData(JoinInsertMode.First, 1)]
    [InlineData(JoinInsertMode.Last, 2)]
    public void JoinState_TwoValuesOnOneSide_InsertModeKeepsOne(JoinInsertMode mode, int kept)
    {
        var state = new JoinState<int, int>();
        Insert(state, mode, Left(1), Left(2), Right(9));

        Assert.Equal([(kept, 9)], Rows(state));
        Assert.True(state.AllSet);
    }

    [Fact]
    public void JoinState_AbsorbFirst_MergedWindowsValuesWinWhereItHasAny()
    {
        // Bytewax's `self.state |= original.state`: per side, the original's values if it has any.
        var into = new JoinState<int, int>();
        Insert(into, JoinInsertMode.First, Left(1), Right(2));
        var merged = new JoinState<int, int>();
        Insert(merged, JoinInsertMode.First, Left(3));

        into.Absorb(merged, JoinInsertMode.First);

        Assert.Equal([(3, 2)], Rows(into));
    }

    [Fact]
    public void JoinState_AbsorbLast_OwnValuesWinWhereItHasAny()
    {
        // Bytewax's `original.state |= self.state; self.state = original.state`.
        var into = new JoinState<int, int>();
        Insert(into, JoinInsertMode.Last, Left(1));
        var merged = new JoinState<int, int>();
        Insert(merged, JoinInsertMode.Last, Left(3), Right(4));

        into.Absorb(merged, JoinInsertMode.Last);

        Assert.Equal([(1, 4)], Rows(into));
    }

    [Fact]
    public void JoinState_AbsorbProduct_AppendsTheMergedValues()
    {
        var into = new JoinState<int, int>();
        Insert(into, JoinInsertMode.Product, Left(1), Right(2));
        var merged = new JoinState<int, int>();
        Insert(merged, JoinInsertMode.Product, Left(3), Right(4));

        into.Absorb(merged, JoinInsertMode.Product);

        Assert.Equal([(1, 2), (1, 4), (3, 2), (3, 4)], Rows(into));
    }

    private static JoinSide<int, int> Left(int value) => JoinSide<int, int>.OfLeft(value);

    private static JoinSide<int, int> Right(int value) => JoinSide<int, int>.OfRight(value);

    private static void Insert(JoinState<int, int> state, JoinInsertMode mode, params JoinSide<int, int>[] values)
    {
        foreach (var value in values)
        {
            state.Insert(value, mode);
        }
    }

    private static List<(TLeft?, TRight?)> Rows<TLeft, TRight>(JoinState<TLeft, TRight> state)
    {
        var output = new ListEmitter<(TLeft?, TRight?)>();
        state.EmitRows(output);
        return output.Items;
    }
}

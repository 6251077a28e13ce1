using Orleans.Dataflow.Abstractions.Tests.Windowing;

namespace Orleans.Dataflow.Abstractions.Tests.Joins;

/// <summary>Bytewax's test_join_state_astuples and the per-mode insert and merge rules of its join state, on <see cref="JoinState{TItem}"/>.</summary>
public sealed class JoinStateTests
{
    private static readonly TwoWayJoin<int, int> _two = new();
    private static readonly ThreeWayJoin<int?, int?, int?> _three = new();

    [Fact]
    public void JoinState_ThreeSidesMiddleEmpty_RowsAreEveryCombinationWithDefaultInTheMiddle()
    {
        // Bytewax's test_join_state_astuples: sides 0 and 2 have two values each, side 1 none.
        var state = new JoinState<JoinSide<int?, int?, int?>>(3);
        Insert(state, _three, JoinInsertMode.Product,
            JoinSide<int?, int?, int?>.OfFirst(1), JoinSide<int?, int?, int?>.OfFirst(2), JoinSide<int?, int?, int?>.OfThird(3), JoinSide<int?, int?, int?>.OfThird(4));

        Assert.Equal([(1, null, 3), (1, null, 4), (2, null, 3), (2, null, 4)], Rows(state, _three));
        Assert.False(state.AllSet);
    }

    [Fact]
    public void JoinState_ThreeSidesEachSet_IsAllSet()
    {
        var state = new JoinState<JoinSide<int?, int?, int?>>(3);
        Insert(state, _three, JoinInsertMode.Last,
            JoinSide<int?, int?, int?>.OfThird(3), JoinSide<int?, int?, int?>.OfFirst(1), JoinSide<int?, int?, int?>.OfSecond(2));

        Assert.True(state.AllSet);
        Assert.Equal([(1, 2, 3)], Rows(state, _three));
    }

    [Fact]
    public void JoinState_ManySidesOfOneType_RowsAreArraysFirstSideSlowest()
    {
        var shape = new ManyWayJoin<string>(3);
        var state = new JoinState<JoinSide<string>>(3);
        Insert(state, shape, JoinInsertMode.Product, new(0, "a"), new(0, "b"), new(2, "x"), new(2, "y"), new(1, "m"));

        Assert.Equal(["a m x", "a m y", "b m x", "b m y"], Rows(state, shape).Select(row => string.Join(' ', row)));
    }

    [Fact]
    public void JoinState_MoreSidesThanFitOnTheStack_RowsAreStillEveryCombination()
    {
        var shape = new ManyWayJoin<string>(6);
        var state = new JoinState<JoinSide<string>>(6);
        Insert(state, shape, JoinInsertMode.Product, new(0, "a"), new(1, "b"), new(2, "c"), new(3, "d"), new(4, "e"), new(5, "f"), new(5, "g"));

        Assert.Equal(["a b c d e f", "a b c d e g"], Rows(state, shape).Select(row => string.Join(' ', row)));
    }

    [Fact]
    public void JoinState_NoSideSet_EmitsOneRowOfDefaults()
    {
        var state = new JoinState<JoinSide<int?, int?, int?>>(3);

        Assert.Equal([((int?)null, (int?)null, (int?)null)], Rows(state, _three));
    }

    [Fact]
    public void JoinState_SeveralValuesPerSide_RowsAreEveryCombinationLeftMajor()
    {
        var state = new JoinState<JoinSide<int, int>>(2);
        Insert(state, _two, JoinInsertMode.Product, Left(1), Left(2), Right(3), Right(4));

        Assert.Equal([(1, 3), (1, 4), (2, 3), (2, 4)], Rows(state, _two));
    }

    [Fact]
    public void JoinState_RightSideEmpty_EachLeftValuePairsWithDefault()
    {
        var shape = new TwoWayJoin<int?, int?>();
        var state = new JoinState<JoinSide<int?, int?>>(2);
        Insert(state, shape, JoinInsertMode.Product, JoinSide<int?, int?>.OfLeft(1), JoinSide<int?, int?>.OfLeft(2));

        Assert.Equal([(1, (int?)null), (2, null)], Rows(state, shape));
        Assert.False(state.AllSet);
    }

    [Theory]
    [InlineData(JoinInsertMode.First, 1)]
    [InlineData(JoinInsertMode.Last, 2)]
    public void JoinState_TwoValuesOnOneSide_InsertModeKeepsOne(JoinInsertMode mode, int kept)
    {
        var state = new JoinState<JoinSide<int, int>>(2);
        Insert(state, _two, mode, Left(1), Left(2), Right(9));

        Assert.Equal([(kept, 9)], Rows(state, _two));
        Assert.True(state.AllSet);
    }

    [Fact]
    public void JoinState_AbsorbFirst_MergedWindowsValuesWinWhereItHasAny()
    {
        // Bytewax's `self.state |= original.state`: per side, the original's values if it has any.
        var into = new JoinState<JoinSide<int, int>>(2);
        Insert(into, _two, JoinInsertMode.First, Left(1), Right(2));
        var merged = new JoinState<JoinSide<int, int>>(2);
        Insert(merged, _two, JoinInsertMode.First, Left(3));

        into.Absorb(merged, JoinInsertMode.First);

        Assert.Equal([(3, 2)], Rows(into, _two));
    }

    [Fact]
    public void JoinState_AbsorbLast_OwnValuesWinWhereItHasAny()
    {
        // Bytewax's `original.state |= self.state; self.state = original.state`.
        var into = new JoinState<JoinSide<int, int>>(2);
        Insert(into, _two, JoinInsertMode.Last, Left(1));
        var merged = new JoinState<JoinSide<int, int>>(2);
        Insert(merged, _two, JoinInsertMode.Last, Left(3), Right(4));

        into.Absorb(merged, JoinInsertMode.Last);

        Assert.Equal([(1, 4)], Rows(into, _two));
    }

    [Fact]
    public void JoinState_AbsorbProduct_AppendsTheMergedValues()
    {
        var into = new JoinState<JoinSide<int, int>>(2);
        Insert(into, _two, JoinInsertMode.Product, Left(1), Right(2));
        var merged = new JoinState<JoinSide<int, int>>(2);
        Insert(merged, _two, JoinInsertMode.Product, Left(3), Right(4));

        into.Absorb(merged, JoinInsertMode.Product);

        Assert.Equal([(1, 2), (1, 4), (3, 2), (3, 4)], Rows(into, _two));
    }

    [Fact]
    public void JoinState_AbsorbLastOfThreeSides_EachSideFromThisWindowIfItHasOne()
    {
        var into = new JoinState<JoinSide<int?, int?, int?>>(3);
        Insert(into, _three, JoinInsertMode.Last, JoinSide<int?, int?, int?>.OfSecond(20));
        var merged = new JoinState<JoinSide<int?, int?, int?>>(3);
        Insert(merged, _three, JoinInsertMode.Last, JoinSide<int?, int?, int?>.OfFirst(1), JoinSide<int?, int?, int?>.OfSecond(2));

        into.Absorb(merged, JoinInsertMode.Last);

        Assert.Equal([(1, 20, (int?)null)], Rows(into, _three));
    }

    private static JoinSide<int, int> Left(int value) => JoinSide<int, int>.OfLeft(value);

    private static JoinSide<int, int> Right(int value) => JoinSide<int, int>.OfRight(value);

    private static void Insert<TItem>(JoinState<TItem> state, JoinShape<TItem> shape, JoinInsertMode mode, params TItem[] values)
    {
        foreach (var value in values)
        {
            state.Insert(shape.SideOf(value), value, mode);
        }
    }

    private static List<TRow> Rows<TItem, TRow>(JoinState<TItem> state, JoinShape<TItem, TRow> shape)
    {
        var output = new ListEmitter<TRow>();
        state.EmitRows(shape, output);
        return output.Items;
    }
}

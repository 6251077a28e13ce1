using Orleans.Dataflow.Abstractions.Tests.Connectors;
using Orleans.Dataflow.Windowing;
using Item = Orleans.Dataflow.JoinSide<Orleans.Dataflow.Abstractions.Tests.Windowing.JoinWindowSlotReuseTests.Stamped, Orleans.Dataflow.Abstractions.Tests.Windowing.JoinWindowSlotReuseTests.Stamped>;
using Row = (Orleans.Dataflow.Abstractions.Tests.Windowing.JoinWindowSlotReuseTests.Stamped? Left, Orleans.Dataflow.Abstractions.Tests.Windowing.JoinWindowSlotReuseTests.Stamped? Right);

namespace Orleans.Dataflow.Abstractions.Tests.Windowing;

/// <summary>A window join's operator hands the slot of a window that closed to a later window, emptied: a later window joins only its own values, and a side that grew large is not kept.</summary>
/// <remarks>Driven as <c>WindowSteps</c> builds a join window: a <see cref="WindowKeyedLogic{TValue,TOut,TSlot,TState}"/> over a <see cref="JoinWindowFactory{TItem,TRow}"/>, tumbling 10 s windows, an event clock without wait.</remarks>
public sealed class JoinWindowSlotReuseTests
{
    private static readonly DateTimeOffset _align = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void JoinWindow_LaterWindowsTakingClosedWindowsSlots_JoinOnlyTheirOwnValues()
    {
        var logic = Logic();
        var (a, b) = (logic.Create(), logic.Create());
        var (fromA, fromB) = (new ListEmitter<WindowEvent<Item, Row>>(), new ListEmitter<WindowEvent<Item, Row>>());
        logic.BeforeBatch();

        // Window 0 of each key. An item at 11 s opens its key's window 1, then closes window 0, whose slot is kept: b's window 1 takes a's (1, 2).
        logic.OnItem(ref a, Left(1, 1), fromA);
        logic.OnItem(ref a, Right(2, 2), fromA);
        logic.OnItem(ref b, Left(3, 1), fromB);
        logic.OnItem(ref b, Right(4, 2), fromB);
        logic.OnItem(ref a, Left(5, 11), fromA);
        logic.OnItem(ref b, Left(6, 11), fromB);
        // Windows 2 and 3 take the slots of b's window 0, which held 3 and 4, and a's window 1, which held 5.
        logic.OnItem(ref a, Right(7, 21), fromA);
        logic.OnItem(ref b, Right(8, 31), fromB);
        logic.OnEof(ref a, fromA);
        logic.OnEof(ref b, fromB);

        Assert.Equal([(0L, (1, 2)), (1L, (5, null)), (2L, (null, 7))], Rows(fromA));
        Assert.Equal([(0L, (3, 4)), (1L, (6, null)), (3L, (null, 8))], Rows(fromB));
    }

    [Fact]
    public void JoinState_ASideThatGrewPastTheReusedCapacity_IsNotReset()
    {
        var small = new JoinState<int>(2);
        var large = new JoinState<int>(2);
        small.Insert(0, 1, JoinInsertMode.Product);
        small.Insert(1, 2, JoinInsertMode.Product);
        for (var i = 0; i <= JoinState<int>.MaxReusedCapacity; i++)
        {
            large.Insert(0, i, JoinInsertMode.Product);
        }

        Assert.True(small.TryReset());
        Assert.All(small.Sides, side => Assert.Empty(side));
        Assert.False(large.TryReset());
        Assert.Equal(JoinState<int>.MaxReusedCapacity + 1, large.Sides[0].Count);
    }

    private static WindowKeyedLogic<Item, Row, WindowLogic<Item, Row, JoinState<Item>>, JoinState<Item>> Logic() =>
        new(new EventClock<Item>(static item => item.Match(static l => l.At, static r => r.At), TimeSpan.Zero),
            new TumblingWindower(TimeSpan.FromSeconds(10), _align),
            new LogicWindowAggregator<Item, Row, JoinState<Item>>(new JoinWindowFactory<Item, Row>(new TwoWayJoin<Stamped, Stamped>(), JoinInsertMode.Product, JoinEmitMode.Final)),
            ordered: true, new ManualTimeProvider(_align), emitsMeta: false);

    private static Item Left(int value, int second) => Item.OfLeft(new Stamped(value, _align.AddSeconds(second)));

    private static Item Right(int value, int second) => Item.OfRight(new Stamped(value, _align.AddSeconds(second)));

    private static List<(long Window, (int?, int?) Row)> Rows(ListEmitter<WindowEvent<Item, Row>> output) =>
        [.. output.Items.Where(e => e.Kind == WindowEventKind.Emit).Select(e => (e.WindowId, (e.Emitted.Left?.Value, e.Emitted.Right?.Value)))];

    /// <summary>A value of either side and its event time.</summary>
    public sealed record Stamped(int Value, DateTimeOffset At);
}

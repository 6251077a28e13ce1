using Orleans.Dataflow.Plan;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Abstractions.Tests.Plan;

/// <summary>Which snapshot types count as copies by construction, so the engine may serialize them off the worker's thread.</summary>
public sealed class KeyedLogicSnapshotIsCopyTests
{
    [Fact]
    public void SnapshotIsCopy_PrimitivesStringsAndValueTypesOfThem_True()
    {
        Assert.True(new Logic<long>().SnapshotIsCopy);
        Assert.True(new Logic<long?>().SnapshotIsCopy);
        Assert.True(new Logic<string>().SnapshotIsCopy);
        Assert.True(new Logic<(string Name, long Count, DateTimeOffset At)>().SnapshotIsCopy);
        Assert.True(new Logic<DayOfWeek>().SnapshotIsCopy);
    }

    [Fact]
    public void SnapshotIsCopy_ClassesAndValueTypesHoldingThem_False()
    {
        Assert.False(new Logic<List<int>>().SnapshotIsCopy);
        Assert.False(new Logic<int[]>().SnapshotIsCopy);
        Assert.False(new Logic<(string Name, int[] Counts)>().SnapshotIsCopy);
        Assert.False(new Logic<object>().SnapshotIsCopy);
    }

    [Fact]
    public void SnapshotIsCopy_Windows_CopiesWhenTheirWindowStatesAndOrderedQueuesAre()
    {
        Assert.True(Window(new CountWindowAggregator<List<int>>(), ordered: false).SnapshotIsCopy);
        Assert.True(Window(new FoldWindowAggregator<int, long>(() => 0, (sum, v) => sum + v, (x, y) => x + y), ordered: true).SnapshotIsCopy);
        Assert.False(Window(new FoldWindowAggregator<int, List<int>>(() => [], (list, v) => [.. list, v], (x, y) => [.. x, .. y]), ordered: true).SnapshotIsCopy);
        Assert.False(Window(new ReduceWindowAggregator<List<int>>((x, _) => x), ordered: true).SnapshotIsCopy);
    }

    private static WindowKeyedLogic<TValue, TOut, TSlot, TState> Window<TValue, TOut, TSlot, TState>(WindowAggregator<TValue, TOut, TSlot, TState> windows, bool ordered)
        => new(new EventClock<TValue>(_ => DateTimeOffset.UnixEpoch, TimeSpan.Zero), new TumblingWindower(TimeSpan.FromSeconds(10), DateTimeOffset.UnixEpoch),
            windows, ordered, TimeProvider.System);

    /// <summary>A logic whose snapshot is a <typeparamref name="TState"/>; only its type matters here.</summary>
    private sealed class Logic<TState> : KeyedLogic<int, int, TState?, TState>
    {
        public override TState? Create() => default;

        public override TState? Restore(TState state) => state;

        public override StateAction OnItem(ref TState? slot, int value, Emitter<int> output) => StateAction.Retain;

        public override TState Snapshot(ref TState? slot) => slot!;
    }
}

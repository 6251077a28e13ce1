using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Abstractions.Tests.Plan;

/// <summary>What the engine asks a logic that only says when to notify as a <see cref="DateTimeOffset"/>: the same time, in UTC ticks.</summary>
public sealed class KeyedLogicNotifyAtTicksTests
{
    [Fact]
    public void NotifyAtTicks_LogicThatOverridesOnlyNotifyAt_IsItsTimeInUtcTicks()
    {
        var logic = new WakingLogic();
        var at = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2));

        Assert.Equal(at.UtcTicks, logic.NotifyAtTicks(ref at));
    }

    [Fact]
    public void NotifyAtTicks_LogicThatWantsNoNotification_IsLongMaxValue()
    {
        DateTimeOffset? slot = DateTimeOffset.UnixEpoch;

        Assert.Equal(long.MaxValue, new NeverLogic().NotifyAtTicks(ref slot));
    }

    /// <summary>A logic whose slot is the time it wants to be notified at.</summary>
    private sealed class WakingLogic : KeyedLogic<int, int, DateTimeOffset, DateTimeOffset>
    {
        public override bool UsesNotifications => true;

        public override DateTimeOffset Create() => DateTimeOffset.UnixEpoch;

        public override DateTimeOffset Restore(DateTimeOffset state) => state;

        public override StateAction OnItem(ref DateTimeOffset slot, int value, Emitter<int> output) => StateAction.Retain;

        public override DateTimeOffset? NotifyAt(ref DateTimeOffset slot) => slot;

        public override DateTimeOffset Snapshot(ref DateTimeOffset slot) => slot;
    }

    /// <summary>A logic that keeps the default: no notification.</summary>
    private sealed class NeverLogic : KeyedLogic<int, int, DateTimeOffset?, DateTimeOffset?>
    {
        public override DateTimeOffset? Create() => null;

        public override DateTimeOffset? Restore(DateTimeOffset? state) => state;

        public override StateAction OnItem(ref DateTimeOffset? slot, int value, Emitter<int> output) => StateAction.Retain;

        public override DateTimeOffset? Snapshot(ref DateTimeOffset? slot) => slot;
    }
}

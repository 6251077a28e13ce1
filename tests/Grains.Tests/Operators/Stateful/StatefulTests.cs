using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Serialization;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Stateful;

/// <summary>Bytewax's test_stateful.py, adapted: runs without resume check the discarded or kept state through the snapshots instead.</summary>
public sealed class StatefulTests
{
    private static readonly TimeSpan _shortEpochs = TimeSpan.FromMilliseconds(5);

    [Fact]
    public void Stateful_OnItemDiscard_EveryItemSeesAFreshLogic()
    {
        var (result, output) = RunTransitions([1, 2, TestingMarker.Abort()], _ => StateAction.Discard);

        Assert.Equal(ExecutionOutcome.Aborted, result.Outcome);
        Assert.Equal([("NEW", "ITEM"), ("NEW", "ITEM")], output);
    }

    [Fact]
    public void Stateful_OnItemRetain_SecondItemSeesTheFirstItemsState()
    {
        var (result, output) = RunTransitions([1, 2, TestingMarker.Abort()], _ => StateAction.Retain);

        Assert.Equal(ExecutionOutcome.Aborted, result.Outcome);
        Assert.Equal([("NEW", "ITEM"), ("ITEM", "ITEM")], output);
    }

    [Fact]
    public void Stateful_OnNotifyDiscard_NextItemSeesAFreshLogic()
    {
        var (_, output) = RunTransitions([1, 2, TestingMarker.Abort()],
            resume => new TransitionLogic(resume, StateAction.Retain, onNotify: StateAction.Discard, notifyAfterItem: () => DateTimeOffset.UtcNow));

        Assert.Equal([("NEW", "ITEM"), ("ITEM", "NOTIFY"), ("NEW", "ITEM"), ("ITEM", "NOTIFY")], output);
    }

    [Fact]
    public void Stateful_OnNotifyRetain_NextItemSeesTheNotifiedState()
    {
        var (_, output) = RunTransitions([1, 2, TestingMarker.Abort()],
            resume => new TransitionLogic(resume, StateAction.Retain, onNotify: StateAction.Retain, notifyAfterItem: () => DateTimeOffset.UtcNow));

        Assert.Equal([("NEW", "ITEM"), ("ITEM", "NOTIFY"), ("NOTIFY", "ITEM"), ("ITEM", "NOTIFY")], output);
    }

    [Fact]
    public void Stateful_NotificationDueDuringPause_FiresWithoutNewData()
    {
        var (_, output) = RunTransitions([1, TestingMarker.Pause(TimeSpan.FromMilliseconds(300)), 2],
            resume => new TransitionLogic(resume, StateAction.Retain, notifyAfterItem: () => DateTimeOffset.UtcNow.AddMilliseconds(50)));

        // The notification comes before the second item: it fired while the source was paused. EOF then clears the second one.
        Assert.Equal([("NEW", "ITEM"), ("ITEM", "NOTIFY"), ("NOTIFY", "ITEM"), ("ITEM", "EOF")], output);
    }

    [Fact]
    public void Stateful_OnEofDiscard_EmitsAtEofAndSnapshotsATombstone()
    {
        var snapshots = new RecordingSnapshotSink();

        var (result, output) = RunTransitions([1, TestingMarker.Eof(), 2],
            resume => new TransitionLogic(resume, StateAction.Retain, onEof: StateAction.Discard), snapshots);

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal([("NEW", "ITEM"), ("ITEM", "EOF")], output);
        var last = snapshots.Of("logic")[^1].Snapshots;
        Assert.Equal("ALL", Assert.Single(last).Key);
        Assert.Null(last[0].State);
    }

    [Fact]
    public void Stateful_OnEofRetain_EmitsAtEofAndSnapshotsTheEofState()
    {
        var snapshots = new RecordingSnapshotSink();

        var (_, output) = RunTransitions([1, TestingMarker.Eof(), 2],
            resume => new TransitionLogic(resume, StateAction.Retain, onEof: StateAction.Retain), snapshots);

        Assert.Equal([("NEW", "ITEM"), ("ITEM", "EOF")], output);
        var last = Assert.Single(snapshots.Of("logic")[^1].Snapshots);
        Assert.Equal("EOF", Serde.For<string>().Deserialize(last.State));
    }

    [Fact]
    public void Stateful_InterleavedKeys_KeepsOneLogicPerKey()
    {
        var output = FlowRunner.Run<(string, (string?, string))>((h, sink) =>
            h.Input("inp", [("a", "a1"), ("b", "b1"), ("a", "a2"), ("b", "b2")])
                .Stateful("keep_last", (string? resume) => new KeepLastLogic(resume))
                .Output("out", sink));

        Assert.Equal([("a", (null, "a1")), ("b", (null, "b1")), ("a", ("a1", "a2")), ("b", ("b1", "b2"))], output);
    }

    [Fact]
    public void Stateful_OneKeyDiscards_OnlyThatKeyStartsOver()
    {
        var snapshots = new RecordingSnapshotSink();
        var harness = new FlowHarness();
        var sink = harness.Sink<(string, (string?, string))>();
        harness.Input<(string, string)>("inp", [("a", "a1"), ("b", "b1"), ("a", "DISCARD"), ("b", "b2"), TestingMarker.Pause(TimeSpan.FromMilliseconds(50)), ("a", "a3"), ("b", "b3")], batchSize: 10)
            .Stateful("keep_last", (string? resume) => new KeepLastLogic(resume))
            .Output("out", sink);

        harness.Run(epochInterval: _shortEpochs, snapshots: snapshots);

        Assert.Equal([("a", (null, "a1")), ("b", (null, "b1")), ("a", ("a1", "DISCARD")), ("b", ("b1", "b2")), ("a", (null, "a3")), ("b", ("b2", "b3"))], sink.Items);
        var first = snapshots.Of("keep_last")[0].Snapshots.ToDictionary(s => s.Key, s => s.State);
        Assert.Null(first["a"]);
        Assert.Equal("b2", Serde.For<string>().Deserialize(first["b"]));
    }

    [Fact]
    public void Stateful_NotifyAtStaysInThePast_WorkerKeepsProcessingItems()
    {
        // A logic that never moves its notification time forward asks to be notified over and over. Bytewax calls
        // on_notify once per activation and goes on with the data; the engine must not spin on that one key forever.
        var output = FlowRunner.Run<(string, string)>((h, sink) => h.Input<int>("inp", [1, TestingMarker.Pause(TimeSpan.FromMilliseconds(100)), 2])
            .KeyOn("key", _ => "k")
            .Stateful("stuck", (int _) => new StuckNotificationLogic(DateTimeOffset.UtcNow))
            .Output("out", sink));

        Assert.Equal([("k", "item 1"), ("k", "item 2"), ("k", "notified")], output);
    }

    [Fact]
    public void Stateful_NoNotifyAt_NeverNotifies()
    {
        var (_, output) = RunTransitions([1, TestingMarker.Pause(TimeSpan.FromMilliseconds(50)), 2], resume => new TransitionLogic(resume, StateAction.Retain));

        Assert.Equal([("NEW", "ITEM"), ("ITEM", "ITEM"), ("ITEM", "EOF")], output);
    }

    [Fact]
    public void Stateful_AtEof_CallsOnEofForEveryKeyInOrdinalOrder()
    {
        var output = FlowRunner.Run<(string, (string, string))>((h, sink) => h.Input("inp", [("b", 1), ("a", 2), ("C", 3), ("a", 4)])
            .Stateful("logic", (string? resume) => new TransitionLogic(resume, StateAction.Retain))
            .Filter("eof_only", pair => pair.Value.New == "EOF")
            .Output("out", sink));

        Assert.Equal(["C", "a", "b"], output.Select(pair => pair.Item1));
    }

    [Fact]
    public void Stateful_UnsortedAtEof_CallsOnEofForEveryKeyInTheOrderFirstSeen()
    {
        var output = FlowRunner.Run<(string, (string, string))>((h, sink) => h.Input("inp", [("b", 1), ("a", 2), ("C", 3), ("a", 4)])
            .Stateful("logic", (string? resume) => new TransitionLogic(resume, StateAction.Retain))
            .UnsortedAtEof()
            .Filter("eof_only", pair => pair.Value.New == "EOF")
            .Output("out", sink));

        Assert.Equal(["b", "a", "C"], output.Select(pair => pair.Item1));
    }

    private static (ExecutionResult Result, List<(string Old, string New)> Output) RunTransitions(List<TestingItem<int>> items,
        Func<string?, StatefulLogic<int, (string Old, string New), string>> builder, RecordingSnapshotSink? snapshots = null)
    {
        var harness = new FlowHarness();
        var sink = harness.Sink<(string, string)>();
        harness.Input("inp", items)
            .KeyOn("key", _ => "ALL")
            .Stateful("logic", builder)
            .KeyRm("unkey")
            .Output("out", sink);
        var result = harness.Run(epochInterval: _shortEpochs, snapshots: snapshots);
        return (result, sink.Items);
    }

    private static (ExecutionResult Result, List<(string Old, string New)> Output) RunTransitions(List<TestingItem<int>> items, Func<int, StateAction> onItem)
        => RunTransitions(items, resume => new TransitionLogic(resume, onItem(0)));

    /// <summary>Bytewax's KeepLastLogic: emits (previous, value), discards when the value is "DISCARD".</summary>
    private sealed class KeepLastLogic(string? resume) : StatefulLogic<string, (string?, string), string>
    {
        private string? _last = resume;

        public override StateAction OnItem(string value, Emitter<(string?, string)> output)
        {
            output.Emit((_last, value));
            _last = value;
            return value == "DISCARD" ? StateAction.Discard : StateAction.Retain;
        }

        public override string Snapshot() => _last!;
    }

    /// <summary>Asks for a notification at a fixed time forever; reports at EOF whether it was notified.</summary>
    private sealed class StuckNotificationLogic(DateTimeOffset at) : StatefulLogic<int, string, int>
    {
        private int _notifications;

        public override StateAction OnItem(int value, Emitter<string> output)
        {
            output.Emit($"item {value}");
            return StateAction.Retain;
        }

        public override StateAction OnNotify(Emitter<string> output)
        {
            _notifications++;
            return StateAction.Retain;
        }

        public override StateAction OnEof(Emitter<string> output)
        {
            output.Emit(_notifications > 0 ? "notified" : "never notified");
            return StateAction.Discard;
        }

        public override DateTimeOffset? NotifyAt() => at;

        public override int Snapshot() => _notifications;
    }
}

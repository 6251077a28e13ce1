using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Serialization;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Stateful;

/// <summary>What a stateful step hands to <see cref="ISnapshotSink"/> at each epoch close: only the keys changed in the epoch.</summary>
public sealed class SnapshotTests
{
    private static readonly TimeSpan _epochInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TestingMarker _pauseOverAnEpoch = TestingMarker.Pause(TimeSpan.FromMilliseconds(60));

    [Fact]
    public void StatefulMap_SeveralEpochs_SnapshotsOnlyChangedKeysAndTombstonesDiscardedOnes()
    {
        var snapshots = new RecordingSnapshotSink();
        var harness = new FlowHarness();
        harness.Input<(string, long)>("inp", [("a", 1), ("b", 1), _pauseOverAnEpoch, ("a", 2), _pauseOverAnEpoch, ("a", -1)], batchSize: 10)
            .StatefulMap("sum", (long? sum, long value) => value < 0 ? ((long?)null, -1L) : ((sum ?? 0) + value, (sum ?? 0) + value))
            .Output("out", harness.Sink<(string, long)>());

        harness.Run(epochInterval: _epochInterval, snapshots: snapshots);

        var writes = snapshots.Of("sum");
        Assert.Equal(3, writes.Count);
        Assert.True(writes[0].Epoch < writes[1].Epoch && writes[1].Epoch < writes[2].Epoch, $"epochs {string.Join(", ", writes.Select(w => w.Epoch))}");
        Assert.Equal(new Dictionary<string, long?> { ["a"] = 1, ["b"] = 1 }, Decode<long?>(writes[0]));
        Assert.Equal(new Dictionary<string, long?> { ["a"] = 3 }, Decode<long?>(writes[1]));

        // The epoch of the discard is also the epoch of EOF; stateful_map does nothing at EOF, so b, unchanged since
        // the first epoch, is not written again.
        var last = writes[2].Snapshots.ToDictionary(s => s.Key, s => s.State);
        Assert.Null(last["a"]);
        Assert.False(last.ContainsKey("b"));
    }

    [Fact]
    public void Input_AtEofAndEveryEpoch_SnapshotsPartitionPosition()
    {
        var snapshots = new RecordingSnapshotSink();
        var harness = new FlowHarness();
        harness.Input<int>("inp", [1, 2, _pauseOverAnEpoch, 3], batchSize: 10).Output("out", harness.Sink<int>());

        harness.Run(epochInterval: _epochInterval, snapshots: snapshots);

        // A position counts the elements taken, the pause marker too: a resumed partition skips exactly those.
        var positions = snapshots.Of("inp").Select(w => Serde.For<int>().Deserialize(Assert.Single(w.Snapshots).State)).ToList();
        Assert.Equal(3, positions[0]);
        Assert.Equal(4, positions[^1]);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Collect_SnapshotBeforeTimeout_HoldsItemsAndDueTime()
    {
        // The engine fires notifications by its own clock; a fixed clock an hour ahead keeps the timeout from firing.
        var now = DateTimeOffset.UtcNow.AddHours(1);
        var snapshots = new RecordingSnapshotSink();
        var harness = new FlowHarness();
        harness.Input<int>("inp", [1, _pauseOverAnEpoch])
            .KeyOn("key", _ => "ALL")
            .Collect("collect", TimeSpan.FromSeconds(10), maxSize: 3, clock: new ManualClock(now))
            .Output("out", harness.Sink<(string, List<int>)>());

        harness.Run(epochInterval: _epochInterval, snapshots: snapshots);

        var state = Serde.For<CollectState<int>>().Deserialize(Assert.Single(snapshots.Of("collect")[0].Snapshots).State);
        Assert.Equal([1], state.Items);
        Assert.Equal(now + TimeSpan.FromSeconds(10), state.TimeoutAt);
    }

    [Fact]
    public void FoldFinal_SnapshotBeforeEof_IsTheAccumulator()
    {
        var snapshots = new RecordingSnapshotSink();
        var harness = new FlowHarness();
        harness.Input<(string, string)>("inp", [("k", "x"), _pauseOverAnEpoch])
            .FoldFinal("fold", () => "builder", (_, _) => "new_state")
            .Output("out", harness.Sink<(string, string)>());

        harness.Run(epochInterval: _epochInterval, snapshots: snapshots);

        var writes = snapshots.Of("fold");
        Assert.Equal("new_state", Serde.For<string>().Deserialize(Assert.Single(writes[0].Snapshots).State));
        Assert.Null(Assert.Single(writes[^1].Snapshots).State);
    }

    [Fact]
    public void StatefulFlatMap_SnapshotBeforeEof_IsTheMappersState()
    {
        var snapshots = new RecordingSnapshotSink();
        var harness = new FlowHarness();
        harness.Input<(string, string)>("inp", [("k", "x"), _pauseOverAnEpoch])
            .StatefulFlatMap("flat", (string? _, string _) => ("new_state", Array.Empty<string>()))
            .Output("out", harness.Sink<(string, string)>());

        harness.Run(epochInterval: _epochInterval, snapshots: snapshots);

        Assert.Equal("new_state", Serde.For<string>().Deserialize(Assert.Single(snapshots.Of("flat")[0].Snapshots).State));
    }

    [Fact]
    public void StatefulStep_NoKeyChangedInAnEpoch_WritesNothingForIt()
    {
        var snapshots = new RecordingSnapshotSink();
        var harness = new FlowHarness();
        harness.Input<(string, long)>("inp", [("a", 1), _pauseOverAnEpoch, _pauseOverAnEpoch, ("a", 2)], batchSize: 10)
            .StatefulMap("sum", (long? sum, long value) => ((sum ?? 0) + value, (sum ?? 0) + value))
            .Output("out", harness.Sink<(string, long)>());

        harness.Run(epochInterval: _epochInterval, snapshots: snapshots);

        Assert.Equal(2, snapshots.Of("sum").Count);
        Assert.True(snapshots.Of("inp").Count > 2, "the input should have closed several epochs during the pauses");
    }

    private static Dictionary<string, T?> Decode<T>(SnapshotWrite write)
        => write.Snapshots.ToDictionary(s => s.Key, s => s.State is null ? default : Serde.For<T>().Deserialize(s.State));
}

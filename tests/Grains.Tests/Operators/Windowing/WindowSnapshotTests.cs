using System.Buffers.Binary;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Serialization;
using Orleans.Dataflow.Testing;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Windowing;

/// <summary>
/// What a windowing operator's stateful step (<c>{stepId}.window</c>) hands to <see cref="ISnapshotSink"/> at each
/// epoch close: the keys changed in the epoch with their open windows, and a tombstone for a key whose windows have
/// all closed and whose state was dropped.
/// </summary>
/// <remarks>
/// Snapshots are read with the window snapshot format (pinned by golden-byte tests in Abstractions.Tests): clock,
/// windower, then each open window's id and state, then the queued items.
/// </remarks>
public sealed class WindowSnapshotTests
{
    private static readonly TimeSpan _epochInterval = TimeSpan.FromMilliseconds(10);
    // Many epochs long, so that even a worker held up by a loaded machine cuts one during the pause.
    private static readonly TestingMarker _pauseOverAnEpoch = TestingMarker.Pause(TimeSpan.FromMilliseconds(250));
    private static readonly DateTimeOffset _origin = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FoldWindow_SeveralEpochs_SnapshotsChangedKeysWithOpenWindowsAndTombstonesAtEof()
    {
        var snapshots = new RecordingSnapshotSink();
        var harness = new FlowHarness();
        var results = harness.Sink<(string, (long, string))>();
        harness.Input<(string, (int, string))>("inp",
                [("a", (1, "a1")), ("b", (2, "b1")), _pauseOverAnEpoch, ("a", (15, "a2")), _pauseOverAnEpoch], batchSize: 10)
            .FoldWindow("win", new EventClock<(int Second, string Tag)>(v => _origin.AddSeconds(v.Second), TimeSpan.Zero),
                new TumblingWindower(TimeSpan.FromSeconds(10), _origin), () => "", (acc, v) => acc + v.Item2, (a, b) => a + b)
            .Down.Output("out", results);

        harness.Run(epochInterval: _epochInterval, snapshots: snapshots);

        var writes = snapshots.Of("win.window");
        Assert.True(writes.Count == 3, $"writes: {Show(writes)}");
        Assert.True(writes[0].Epoch < writes[1].Epoch && writes[1].Epoch < writes[2].Epoch, $"epochs {string.Join(", ", writes.Select(w => w.Epoch))}");
        Assert.Equal(new Dictionary<string, string> { ["a"] = "0: a1", ["b"] = "0: b1" }, OpenWindows(writes[0]));

        // Second 15 closed window 0 of a and opened window 1; b did not change, so it is not written again.
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1: a2" }, OpenWindows(writes[1]));

        // At EOF every window closes and both keys are dropped: tombstones.
        Assert.Equal(new Dictionary<string, byte[]?> { ["a"] = null, ["b"] = null }, writes[2].Snapshots.ToDictionary(s => s.Key, s => s.State));
        Assert.Equal([("a", (0L, "a1")), ("a", (1L, "a2")), ("b", (0L, "b1"))], results.Items.Order());
    }

    [Fact]
    public void FoldWindow_SystemClockWindowClosesWhileInputIsQuiet_TombstonesTheKeyBeforeLaterInput()
    {
        var snapshots = new RecordingSnapshotSink();
        var harness = new FlowHarness();
        var results = harness.Sink<(string, (long, int))>();
        // Aligned to now, the items (read at once) land early in a window far longer than an epoch: it is written open
        // at least once before it closes, well within the pause.
        harness.Input<(string, int)>("inp", [("a", 1), ("a", 2), TestingMarker.Pause(TimeSpan.FromMilliseconds(800)), ("c", 3)], batchSize: 10)
            .FoldWindow("win", new SystemClock<int>(), new TumblingWindower(TimeSpan.FromMilliseconds(300), DateTimeOffset.UtcNow), () => 0,
                (sum, v) => sum + v, (x, y) => x + y)
            .Down.Output("out", results);

        harness.Run(epochInterval: _epochInterval, snapshots: snapshots);

        var writes = snapshots.Of("win.window");
        var firstOfA = writes.FindIndex(w => w.Snapshots.Any(s => s.Key == "a"));
        var tombstoneOfA = writes.FindIndex(w => w.Snapshots.Any(s => s.Key == "a" && s.State is null));
        var firstOfC = writes.FindIndex(w => w.Snapshots.Any(s => s.Key == "c"));
        Assert.True(firstOfA >= 0 && tombstoneOfA >= 0 && firstOfC >= 0, $"writes: {Show(writes)}");
        Assert.Equal("3", OpenWindows(writes[firstOfA])["a"].Split(": ")[1]);
        Assert.True(firstOfA < tombstoneOfA && tombstoneOfA < firstOfC, $"a's window should close in the pause, before c arrives; writes: {Show(writes)}");
        Assert.Contains(("a", 3), results.Items.Select(r => (r.Item1, r.Item2.Item2)));
    }

    /// <summary>Each key's open windows in a write, as "id: state" (states are strings or 32-bit integers), with no items queued.</summary>
    private static Dictionary<string, string> OpenWindows(SnapshotWrite write) => write.Snapshots.ToDictionary(s => s.Key, s =>
    {
        Assert.NotNull(s.State);
        var (windows, queued) = Read(s.State);
        Assert.Equal(0, queued);
        return string.Join(", ", windows.Select(w => $"{w.Id}: {(w.State.Length == 4 ? Serde.For<int>().Deserialize(w.State).ToString() : Serde.For<string>().Deserialize(w.State))}"));
    });

    /// <summary>Reads the open windows and the number of queued items from a window snapshot.</summary>
    private static (List<(long Id, byte[] State)> Windows, int Queued) Read(byte[] snapshot)
    {
        var rest = snapshot.AsSpan();
        Skip(ref rest);
        Skip(ref rest);
        var windows = new List<(long, byte[])>();
        for (var count = Int32(ref rest); count > 0; count--)
        {
            var id = BinaryPrimitives.ReadInt64LittleEndian(rest);
            rest = rest[8..];
            var length = Int32(ref rest);
            windows.Add((id, rest[..length].ToArray()));
            rest = rest[length..];
        }

        var queued = Int32(ref rest);
        return (windows, queued);

        static int Int32(ref Span<byte> bytes)
        {
            var value = BinaryPrimitives.ReadInt32LittleEndian(bytes);
            bytes = bytes[4..];
            return value;
        }

        static void Skip(ref Span<byte> bytes)
        {
            var length = Int32(ref bytes);
            bytes = bytes[length..];
        }
    }

    private static string Show(List<SnapshotWrite> writes) => string.Join("; ", writes.Select(w =>
        $"epoch {w.Epoch}: " + string.Join(", ", w.Snapshots.Select(s => $"{s.Key}{(s.State is null ? " (tombstone)" : "")}"))));
}

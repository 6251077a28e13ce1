using Orleans.Dataflow.Abstractions.Tests.Connectors;
using Orleans.Dataflow.Serialization;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Abstractions.Tests.Windowing;

/// <summary>
/// The exact bytes of the windowing snapshots in the recovery store: event clock, sliding and session windowers, and
/// a window key's snapshot. A resumed run reads what an older version wrote, so these must never change: add cases,
/// never edit one. Corrupt or truncated bytes fail with a <see cref="SerdeException"/> saying what is wrong.
/// </summary>
/// <remarks>Expected bytes are hex, one field per string; times are UTC ticks, little-endian (the Unix epoch is 0x089F7FF5F7B58000).</remarks>
public sealed class WindowSnapshotFormatTests
{
    private const string UnixEpoch = "0080B5F7F57F9F08";
    private static readonly DateTimeOffset _epoch = DateTimeOffset.UnixEpoch;

    [Fact]
    public void EventClockState_Snapshot_IsSystemTicksThenWatermarkTicks()
    {
        var state = new EventClockState(_epoch.AddSeconds(1), _epoch);

        var bytes = state.ToBytes();

        Assert.Equal(Hex("80164EF8F57F9F08", UnixEpoch), bytes);
        Assert.Equal(state, EventClockState.Read(bytes));
    }

    [Fact]
    public void EventClock_SnapshotAfterAnItem_IsTheSystemTimeOfTheItemAndItsTimestampMinusTheWait()
    {
        var clock = new KeyClock<DateTimeOffset>(new EventClock<DateTimeOffset>(t => t, TimeSpan.FromSeconds(10)));

        clock.OnItem(_epoch.AddSeconds(25), _epoch.AddSeconds(100));

        Assert.Equal(Hex(/* system time: epoch + 100 s */ "004A5033F67F9F08", /* watermark base: epoch + 15 s */ "8051A600F67F9F08"), clock.Snapshot());
    }

    [Fact]
    public void EventClock_SnapshotOfWrongLength_ThrowsSerdeExceptionNamingTheClock()
    {
        var clock = new EventClock<DateTimeOffset>(t => t, TimeSpan.Zero);

        var e = Assert.Throws<SerdeException>(() => new KeyClock<DateTimeOffset>(clock, Hex(UnixEpoch, "0080B5F7F57F9F")));
        Assert.Contains("event clock snapshot is 16 bytes; got 15", e.Message, StringComparison.Ordinal);
        Assert.Throws<SerdeException>(() => new KeyClock<DateTimeOffset>(clock, []));
        Assert.Throws<SerdeException>(() => new KeyClock<DateTimeOffset>(clock, Hex(UnixEpoch, UnixEpoch, "00")));
    }

    [Fact]
    public void TumblingWindower_SnapshotOfOneOpenWindow_IsCountThenIdAndMetadata()
    {
        var windower = new TumblingWindower(TimeSpan.FromSeconds(10), _epoch).Start(null);
        windower.OpenFor(_epoch.AddSeconds(25), []);

        Assert.Equal(
            Hex(
                "01000000", // open windows
                "0200000000000000", // id 2
                "0042A103F67F9F08", // open: epoch + 20 s
                "00239709F67F9F08", // close: epoch + 30 s
                "00000000"), // no merged ids
            windower.Snapshot());
    }

    [Fact]
    public void SlidingWindower_SnapshotOfOverlappingWindows_ListsThemByIdAndResumesThem()
    {
        var sliding = new SlidingWindower(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), _epoch);
        var windower = sliding.Start(null);
        windower.OpenFor(_epoch.AddSeconds(7), []);
        var golden = Hex(
            "02000000",
            "0000000000000000", UnixEpoch, "0061ABFDF57F9F08", "00000000", // window 0: [0 s, 10 s)
            "0100000000000000", "8070B0FAF57F9F08", "8051A600F67F9F08", "00000000"); // window 1: [5 s, 15 s)

        Assert.Equal(golden, windower.Snapshot());

        var resumed = sliding.Start(golden);
        Assert.Equal(_epoch.AddSeconds(10), resumed.NotifyAt());
        List<(long, WindowMetadata)> closed = [];
        resumed.CloseFor(DateTimeOffset.MaxValue, closed);
        Assert.Equal([(0L, new WindowMetadata(_epoch, _epoch.AddSeconds(10))), (1L, new WindowMetadata(_epoch.AddSeconds(5), _epoch.AddSeconds(15)))], closed);
    }

    [Fact]
    public void SessionWindower_SnapshotWithPendingMerge_IsMaxIdSessionsMergedIdsAndMergeQueue()
    {
        var session = new SessionWindower(TimeSpan.FromSeconds(5));
        var windower = session.Start(null);
        windower.OpenFor(_epoch, []);
        windower.OpenFor(_epoch.AddSeconds(8), []);
        windower.OpenFor(_epoch.AddSeconds(4), []);
        var golden = Hex(
            "0100000000000000", // last id given out
            "01000000", // open sessions
            "0000000000000000", UnixEpoch, "00347AFCF57F9F08", // session 0: [0 s, 8 s]
            "01000000", "0100000000000000", // merged ids: [1]
            "01000000", "0100000000000000", "0000000000000000"); // pending merges: 1 into 0

        Assert.Equal(golden, windower.Snapshot());

        var resumed = session.Start(golden);
        List<(long Original, long Target)> merges = [];
        resumed.TakeMerged(merges);
        Assert.Equal([(1L, 0L)], merges);
        List<long> ids = [];
        resumed.OpenFor(_epoch.AddSeconds(30), ids);
        Assert.Equal([2L], ids);
    }

    [Fact]
    public void SessionWindower_SnapshotOfNewWindower_IsNoIdYetAndNothingOpen()
    {
        var windower = new SessionWindower(TimeSpan.FromSeconds(5)).Start(null);

        Assert.Equal(Hex("FFFFFFFFFFFFFFFF", "00000000", "00000000"), windower.Snapshot());
    }

    [Fact]
    public void WindowerSnapshots_TruncatedOrWithTrailingBytes_ThrowSerdeExceptionNamingTheWindower()
    {
        var sliding = new TumblingWindower(TimeSpan.FromSeconds(10), _epoch);
        var slidingBytes = Hex("01000000", "0200000000000000", "0042A103F67F9F08", "00239709F67F9F08", "00000000");
        var session = new SessionWindower(TimeSpan.FromSeconds(5));
        var sessionBytes = Hex("0100000000000000", "01000000", "0000000000000000", UnixEpoch, "00347AFCF57F9F08", "01000000",
            "0100000000000000", "01000000", "0100000000000000", "0000000000000000");

        AssertEveryPrefixFails(bytes => sliding.Start(bytes), slidingBytes, "sliding windower snapshot");
        AssertEveryPrefixFails(bytes => session.Start(bytes), sessionBytes, "session windower snapshot");
        Assert.Contains("1 bytes left over after a sliding windower snapshot", Assert.Throws<SerdeException>(() => sliding.Start([.. slidingBytes, 0])).Message,
            StringComparison.Ordinal);
        Assert.Contains("1 bytes left over after a session windower snapshot", Assert.Throws<SerdeException>(() => session.Start([.. sessionBytes, 0])).Message,
            StringComparison.Ordinal);
        Assert.Contains("claims 1000 entries", Assert.Throws<SerdeException>(() => sliding.Start(Hex("E8030000", "0200000000000000"))).Message,
            StringComparison.Ordinal);
        Assert.Contains("claims -1 entries", Assert.Throws<SerdeException>(() => sliding.Start(Hex("FFFFFFFF"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowSnapshot_FoldWindowWithQueuedItem_IsClockWindowerWindowStatesAndQueue()
    {
        var snapshot = FoldSnapshotWithQueuedItem();

        Assert.Equal(FoldGolden, SnapshotSerde().ToBytes(snapshot));
    }

    [Fact]
    public void WindowSnapshot_GoldenBytes_ReadBackIntoTheSameSnapshot()
    {
        var read = SnapshotSerde().Deserialize(FoldGolden);

        Assert.Equal(Hex("004A5033F67F9F08", "8051A600F67F9F08"), read.Clock);
        Assert.Equal(Hex("01000000", "0000000000000000", UnixEpoch, "00C6781BF67F9F08", "00000000"), read.Windower);
        Assert.Equal([(0L, 5L)], read.Windows);
        Assert.Equal([(25L, _epoch.AddSeconds(25))], read.Queue);
        Assert.Equal(FoldGolden, SnapshotSerde().ToBytes(read));
    }

    [Fact]
    public void WindowSnapshot_RestoredFromGoldenBytes_AppliesTheQueuedItemAndClosesOnTime()
    {
        var time = new ManualTimeProvider(_epoch.AddSeconds(100));
        var logic = FoldLogic(time);
        var key = logic.Restore(SnapshotSerde().Deserialize(FoldGolden));

        // The queued item (second 25) comes due when the watermark (15 s at system 100 s) has moved 10 s.
        Assert.Equal(_epoch.AddSeconds(110), logic.NotifyAt(ref key));
        time.Set(_epoch.AddSeconds(110));
        var output = new ListEmitter<WindowEvent<long, long>>();
        logic.OnNotify(ref key, output);
        Assert.Empty(output.Items);
        Assert.Equal(_epoch.AddSeconds(145), logic.NotifyAt(ref key));
        time.Set(_epoch.AddSeconds(145));
        Assert.Equal(StateAction.Discard, logic.OnNotify(ref key, output));
        Assert.Equal(["window 0: 30", $"window 0 closed: {new WindowMetadata(_epoch, _epoch.AddSeconds(60))}"], output.Items.Select(e => e.ToString()));
    }

    [Fact]
    public void WindowSnapshot_TruncatedAnywhere_ThrowsSerdeException()
    {
        AssertEveryPrefixFails(bytes => SnapshotSerde().Deserialize(bytes), FoldGolden, null);
    }

    [Fact]
    public void WindowSnapshot_CorruptCountsOrTrailingBytes_ThrowSerdeExceptionSayingWhat()
    {
        var serde = SnapshotSerde();
        var noWindows = Hex("00000000", "00000000");

        Assert.Contains("left over after reading a WindowSnapshot", Assert.Throws<SerdeException>(() => serde.Deserialize([.. FoldGolden, 0])).Message,
            StringComparison.Ordinal);
        Assert.Contains("a window snapshot claims -1 entries", Assert.Throws<SerdeException>(() => serde.Deserialize(Hex("00000000", "00000000", "FFFFFFFF"))).Message,
            StringComparison.Ordinal);
        Assert.Contains("a window snapshot claims 2 entries in 0 bytes",
            Assert.Throws<SerdeException>(() => serde.Deserialize(Hex("00000000", "00000000", "00000000", "02000000"))).Message, StringComparison.Ordinal);
        Assert.Contains("a count needs 4 bytes", Assert.Throws<SerdeException>(() => serde.Deserialize(noWindows)).Message, StringComparison.Ordinal);
        Assert.Contains("an id or time needs 8 bytes",
            Assert.Throws<SerdeException>(() => serde.Deserialize(Hex("00000000", "00000000", "01000000", "0000000000000000", "08000000", "0500000000000000",
                "01000000", "08000000", "1900000000000000", "80329C06F67F9F"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowSnapshot_CorruptClockOrWindowerBytes_FailsOnRestoreNamingWhich()
    {
        var logic = FoldLogic(new ManualTimeProvider(_epoch));
        var snapshot = FoldSnapshotWithQueuedItem();

        var clock = Assert.Throws<SerdeException>(() => logic.Restore(snapshot with { Clock = snapshot.Clock[..15] }));
        var windower = Assert.Throws<SerdeException>(() => logic.Restore(snapshot with { Windower = snapshot.Windower[..^1] }));

        Assert.Contains("event clock", clock.Message, StringComparison.Ordinal);
        Assert.Contains("sliding windower snapshot is truncated", windower.Message, StringComparison.Ordinal);
    }

    /// <summary>Window 0 [0 s, 60 s) holding 5; 25 waiting for the watermark (15 s); made at system time 100 s.</summary>
    private static byte[] FoldGolden => Hex(
        "10000000", "004A5033F67F9F08", "8051A600F67F9F08", // clock: 16 bytes, system 100 s, watermark base 15 s
        "20000000", "01000000", "0000000000000000", UnixEpoch, "00C6781BF67F9F08", "00000000", // windower: 32 bytes, window 0 [0 s, 60 s)
        "01000000", "0000000000000000", "08000000", "0500000000000000", // one window: id 0, state 5
        "01000000", "08000000", "1900000000000000", "80329C06F67F9F08"); // one queued item: 25 at 25 s

    private static WindowSnapshot<long, long> FoldSnapshotWithQueuedItem()
    {
        var logic = FoldLogic(new ManualTimeProvider(_epoch.AddSeconds(100)));
        var key = logic.Create();
        var output = new ListEmitter<WindowEvent<long, long>>();
        logic.BeforeBatch();
        logic.OnItem(ref key, 5, output);
        logic.OnItem(ref key, 25, output);
        Assert.Empty(output.Items);
        return logic.Snapshot(ref key);
    }

    private static WindowKeyedLogic<long, long, long, long> FoldLogic(TimeProvider time) =>
        new(new EventClock<long>(second => _epoch.AddSeconds(second), TimeSpan.FromSeconds(10)), new TumblingWindower(TimeSpan.FromSeconds(60), _epoch),
            new FoldWindowAggregator<long, long>(static () => 0L, static (sum, v) => sum + v, static (a, b) => a + b), ordered: true, time);

    private static WindowSnapshotSerde<long, long> SnapshotSerde() => new(Serde.For<long>(), Serde.For<long>());

    private static void AssertEveryPrefixFails(Action<byte[]> read, byte[] whole, string? naming)
    {
        for (var length = 0; length < whole.Length; length++)
        {
            var prefix = whole[..length];
            var e = Record.Exception(() => read(prefix));
            Assert.True(e is SerdeException, $"{length} of {whole.Length} bytes: expected a SerdeException, got {e?.GetType().Name ?? "none"}: {e?.Message}");
            if (naming is not null)
            {
                Assert.Contains(naming, e!.Message, StringComparison.Ordinal);
            }
        }
    }

    private static byte[] Hex(params string[] fields) => Convert.FromHexString(string.Concat(fields));
}

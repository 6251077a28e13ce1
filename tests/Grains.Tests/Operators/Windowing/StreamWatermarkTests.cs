using System.Collections.Concurrent;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Inputs;
using Orleans.Dataflow.Plan;
using Orleans.Dataflow.Testing;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Windowing;

/// <summary>Event clocks under a stream watermark (<see cref="WatermarkScope.PerStream"/>): idle keys' windows close as the stream's event time advances, late items, and resuming the watermark.</summary>
/// <remarks>
/// Items are seconds after the Unix epoch; windows are 10 s tumbling from it; the wait is 0. Epochs are cut on every
/// round (interval zero), and a pause in the source gives the stream watermark time to reach every worker before
/// the items after it are read. The source has one partition: on two workers the second reads nothing, ends, and
/// must not hold the watermark back.
/// </remarks>
public sealed class StreamWatermarkTests
{
    private static readonly TimeSpan _pause = TimeSpan.FromSeconds(1);

    /// <summary>One worker; two workers in one process; a TestCluster of 2 silos × 2 workers.</summary>
    public static TheoryData<int, int> Topologies => new() { { 1, 1 }, { 1, 2 }, { 2, 2 } };

    public static TheoryData<int, int, int, int> Rescalings => new() { { 1, 1, 1, 2 }, { 1, 2, 1, 1 }, { 2, 2, 1, 1 } };

    [Theory]
    [MemberData(nameof(Topologies))]
    public void FoldWindow_StreamScope_IdleKeysWindowClosesBeforeEof(int silos, int workers)
    {
        // Key a gets one item and goes quiet; b's items take the stream's event time to 25 s, past a's window's close.
        var log = RunLogged([("a", 1), ("b", 2), ("b", 25), TestingMarker.Pause(_pause), ("b", 26)], WatermarkScope.PerStream, new Topology(silos, workers));

        Assert.Contains("down a 0 1", log);
        Assert.True(log.IndexOf("down a 0 1") < log.IndexOf("read b 26"), $"a's window closed after the input went on: {string.Join(" | ", log)}");
    }

    [Fact]
    public void FoldWindow_PerKeyScope_IdleKeysWindowWaitsForEof()
    {
        var log = RunLogged([("a", 1), ("b", 2), ("b", 25), TestingMarker.Pause(_pause), ("b", 26)], WatermarkScope.PerKey, Topology.Single);

        Assert.True(log.IndexOf("down a 0 1") > log.IndexOf("read b 26"), $"a's window closed before EOF under per-key watermarks: {string.Join(" | ", log)}");
    }

    [Theory]
    [MemberData(nameof(Topologies))]
    public void FoldWindow_StreamScope_ItemBehindOtherKeysEventTimeGoesToLateStream(int silos, int workers)
    {
        // a@5 is on time for a's own watermark (1 s), but the stream's is 30 s by then: late, for window 0.
        var log = RunLogged([("a", 1), ("b", 30), TestingMarker.Pause(_pause), ("a", 5), ("a", 31)], WatermarkScope.PerStream, new Topology(silos, workers));

        Assert.Equal(["late a 0 5"], log.Where(line => line.StartsWith("late", StringComparison.Ordinal)));
        Assert.Contains("down a 0 1", log);
        Assert.Contains("down a 3 31", log);
    }

    [Theory]
    [MemberData(nameof(Topologies))]
    public void FoldWindow_StreamScopeWithWait_WatermarkTrailsTheLatestTimeByTheWait(int silos, int workers)
    {
        // With a 5 s wait, b@12 takes the stream only to 7 s: a@8 is on time for window 0, which b@16 (11 s) then closes.
        var log = RunLogged([("a", 1), ("b", 12), TestingMarker.Pause(_pause), ("a", 8), ("b", 16), TestingMarker.Pause(_pause), ("b", 26)],
            WatermarkScope.PerStream, new Topology(silos, workers), wait: TimeSpan.FromSeconds(5));

        Assert.DoesNotContain(log, line => line.StartsWith("late", StringComparison.Ordinal));
        Assert.Contains("down a 0 9", log);
        Assert.True(log.IndexOf("down a 0 9") < log.IndexOf("read b 26"), $"a's window did not close once the stream was 5 s past it: {string.Join(" | ", log)}");
    }

    [Fact]
    public void StatefulStep_NegativeStreamWatermarkWait_IsRefusedNamingTheStep()
    {
        var flow = new Dataflow("negative_wait");
        var keyed = flow.Input("inp", new TestingSource<(string Key, int Second)>([("a", 1)])).KeyOn("key", e => e.Key).Map("second", e => (e.Key, e.Value.Second));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new StatefulStep<int, int, int, int>("windows", "window", keyed, _ => new Forgetting())
        {
            StreamTimestampOf = second => DateTimeOffset.UnixEpoch.AddSeconds(second),
            StreamWatermarkWait = TimeSpan.FromSeconds(-1),
        });

        Assert.Contains("'windows'", error.Message, StringComparison.Ordinal);
        Assert.Contains("must not be negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FoldWindow_PerKeyScope_ItemBehindOtherKeysEventTimeIsOnTime()
    {
        var log = RunLogged([("a", 1), ("b", 30), TestingMarker.Pause(_pause), ("a", 5), ("a", 31)], WatermarkScope.PerKey, Topology.Single);

        Assert.DoesNotContain(log, line => line.StartsWith("late", StringComparison.Ordinal));
        Assert.Contains("down a 0 6", log);
    }

    [Theory]
    [MemberData(nameof(Topologies))]
    public void JoinWindow_StreamScopeOrdered_IdleKeysRowsComeBeforeEof(int silos, int workers)
    {
        // An ordered window join waits for the watermark before it applies a side's item; under a stream watermark
        // a's sides are joined and emitted once b's items take the stream past a's window, not at EOF.
        var log = new ConcurrentQueue<string>();
        var harness = new FlowHarness(WorkerThreads.UniqueFlowId("sj"));
        TestingItem<(string, Side)>[] items =
            [("a", new Side(1, true)), ("a", new Side(2, false)), ("b", new Side(25, true)), TestingMarker.Pause(_pause), ("b", new Side(26, false))];
        var sides = harness.Input("inp", items)
            .Map("read", e =>
            {
                log.Enqueue($"read {e.Item1} {e.Item2.Second}");
                return e;
            })
            .Branch("split", e => e.Item2.Left);
        var clock = new EventClock<JoinSide<Side, Side>>(s => DateTimeOffset.UnixEpoch.AddSeconds(s.Match(l => l.Second, r => r.Second)), TimeSpan.Zero,
            scope: WatermarkScope.PerStream);
        sides.Trues.JoinWindow("join", clock, new TumblingWindower(TimeSpan.FromSeconds(10), DateTimeOffset.UnixEpoch), sides.Falses, ordered: true)
            .Down.Output("down", harness.Sink<(string Key, (long Window, (Side? Left, Side? Right) Row) Value)>(
                d => log.Enqueue($"row {d.Key} {d.Value.Window} {d.Value.Row.Left?.Second}/{d.Value.Row.Right?.Second}")));

        harness.Run(workers, TimeSpan.Zero, silos: silos);
        WorkerThreads.AssertNoneAlive(harness.Flow.Id);
        var lines = log.ToList();

        Assert.Contains("row a 0 1/2", lines);
        Assert.True(lines.IndexOf("row a 0 1/2") < lines.IndexOf("read b 26"), $"a's join row came after the input went on: {string.Join(" | ", lines)}");
    }

    [Theory]
    [MemberData(nameof(Rescalings))]
    public void Resume_StreamScope_ContinuesFromTheSnapshottedWatermark(int silosBefore, int workersBefore, int silosAfter, int workersAfter)
    {
        // The run aborts after the stream watermark reached 30 s and was committed; the resumed run's own senders
        // have seen nothing, so only the restored watermark makes a@5 late.
        TestingItem<(string, int)>[] items = [("a", 1), ("b", 30), TestingMarker.Pause(_pause), TestingMarker.Abort(), ("a", 5), ("a", 31)];
        var store = new InMemoryRecoveryStore();
        var flowId = WorkerThreads.UniqueFlowId("sr");

        RunLogged(items, WatermarkScope.PerStream, new Topology(silosBefore, workersBefore), store, ExecutionOutcome.Aborted, flowId);
        var resumed = RunLogged(items, WatermarkScope.PerStream, new Topology(silosAfter, workersAfter), store, flowId: flowId);

        Assert.Equal(["late a 0 5"], resumed.Where(line => line.StartsWith("late", StringComparison.Ordinal)));
        Assert.Contains("down a 3 31", resumed);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    public void FoldWindow_StreamScope_ItemsOfTheEpochInWhichASourceEndsAreOnTime(int silos, int workers)
    {
        // Worker 1's partition reads a@50, cuts epoch 2 at 50, reads a@60 in epoch 2 and ends, all while worker 0's
        // first read is held up; worker 0 then reads a@200 and cuts epoch 2 at 200. The epoch-2 watermark is 50 (worker
        // 1's), not 200: a@60 arrived before worker 1's end and belongs to epoch 2, so it is on time.
        var log = RunLogged(new TwoSpeedSource(), WatermarkScope.PerStream, new Topology(silos, workers));

        Assert.DoesNotContain(log, line => line.StartsWith("late", StringComparison.Ordinal));
        Assert.Contains("down a 5 50", log);
        Assert.Contains("down a 6 60", log);
        Assert.Contains("down a 20 200", log);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    public void FoldWindow_StreamScope_ItemsAStatefulStepBeforeItHeldUntilEofAreOnTime(int silos, int workers)
    {
        // Worker 1 reads b@50, b@60 and b@70 in epochs 1, 2 and 3 and ends while worker 0's first read is held up, so
        // the stateful step before the window (on worker 1, which owns b) holds epochs 2 and 3 until worker 0 ends too,
        // then applies them and sends their items on with no progress between them before its EOF. The window must
        // not count that EOF before it has applied those items (with EOF counted from the epoch after the last
        // frontier, b@60 and b@70 were late).
        var log = new ConcurrentQueue<string>();
        var harness = new FlowHarness(WorkerThreads.UniqueFlowId("sh"));
        var clock = new EventClock<(string Key, int Second)>(e => DateTimeOffset.UnixEpoch.AddSeconds(e.Second), TimeSpan.Zero, scope: WatermarkScope.PerStream);
        var windows = harness.Flow.Input("inp", new TwoSpeedSource([("b", 200)], [("b", 50)], [("b", 60)], [("b", 70)]))
            .KeyOn("key", e => e.Key)
            .StatefulMap<(string Key, int Second), int, (string Key, int Second)>("seen", (count, e) => (count + 1, e))
            .FoldWindow("sum", clock, new TumblingWindower(TimeSpan.FromSeconds(10), DateTimeOffset.UnixEpoch), () => 0, (sum, e) => sum + e.Second, (x, y) => x + y);
        windows.Down.Output("down", harness.Sink<(string Key, (long Window, int Sum) Value)>(d => log.Enqueue($"down {d.Key} {d.Value.Window} {d.Value.Sum}")));
        windows.Late.Output("late", harness.Sink<(string Key, (long Window, (string, int Second) Item) Value)>(
            l => log.Enqueue($"late {l.Key} {l.Value.Window} {l.Value.Item.Second}")));

        Assert.Equal(ExecutionOutcome.Completed, harness.Run(workers, TimeSpan.Zero, silos: silos).Outcome);

        Assert.DoesNotContain(log, line => line.StartsWith("late", StringComparison.Ordinal));
        Assert.Equal(["down b 20 200", "down b 5 50", "down b 6 60", "down b 7 70"], log.Where(line => line.StartsWith("down", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    /// <summary>Runs a sum per 10 s window over <paramref name="items"/> and returns, in the order they happened, the items read ("read k s"), the windows emitted ("down k id sum") and the late items ("late k id s").</summary>
    private static List<string> RunLogged(TestingItem<(string Key, int Second)>[] items, WatermarkScope scope, Topology topology,
        IRecoveryStore? store = null, ExecutionOutcome expected = ExecutionOutcome.Completed, string? flowId = null, TimeSpan wait = default)
    {
        var harness = new FlowHarness(flowId ?? WorkerThreads.UniqueFlowId("sw"));
        return RunLogged(harness, harness.Input("inp", items), scope, topology, store, expected, wait);
    }

    /// <summary>As above, over the items of <paramref name="source"/>.</summary>
    private static List<string> RunLogged(Source<(string Key, int Second)> source, WatermarkScope scope, Topology topology)
    {
        var harness = new FlowHarness(WorkerThreads.UniqueFlowId("sw"));
        return RunLogged(harness, harness.Flow.Input("inp", source), scope, topology, null, ExecutionOutcome.Completed);
    }

    private static List<string> RunLogged(FlowHarness harness, Stream<(string Key, int Second)> input, WatermarkScope scope, Topology topology,
        IRecoveryStore? store, ExecutionOutcome expected, TimeSpan wait = default)
    {
        var log = new ConcurrentQueue<string>();
        var clock = new EventClock<(string Key, int Second)>(e => DateTimeOffset.UnixEpoch.AddSeconds(e.Second), wait, scope: scope);
        var windows = input
            .Map("read", e =>
            {
                log.Enqueue($"read {e.Key} {e.Second}");
                return e;
            })
            .KeyOn("key", e => e.Key)
            .FoldWindow("sum", clock, new TumblingWindower(TimeSpan.FromSeconds(10), DateTimeOffset.UnixEpoch), () => 0, (sum, e) => sum + e.Second, (x, y) => x + y);
        windows.Down.Output("down", harness.Sink<(string Key, (long Window, int Sum) Value)>(d => log.Enqueue($"down {d.Key} {d.Value.Window} {d.Value.Sum}")));
        windows.Late.Output("late", harness.Sink<(string Key, (long Window, (string, int Second) Item) Value)>(
            l => log.Enqueue($"late {l.Key} {l.Value.Window} {l.Value.Item.Second}")));

        var result = harness.Run(topology.Workers, TimeSpan.Zero, store, silos: topology.Silos);

        Assert.Equal(expected, result.Outcome);
        WorkerThreads.AssertNoneAlive(harness.Flow.Id);
        return [.. log];
    }

    /// <summary>Worker 0's first read returns <paramref name="slow"/> only once worker 1 has read its <paramref name="fast"/> batches, one per read, and ended. Other workers read nothing.</summary>
    /// <remarks>Worker 0 blocks in its read, as a slow source does, so it cuts no epoch meanwhile; the wait is bounded, so a worker 1 that never ends fails the run's timeout rather than hanging it.</remarks>
    private sealed class TwoSpeedSource((string, int)[] slow, params (string, int)[][] fast) : DynamicSource<(string Key, int Second)>
    {
        private static readonly TimeSpan _longestWait = TimeSpan.FromSeconds(30);
        private readonly ManualResetEventSlim _fastEnded = new();

        /// <summary>Worker 1 reads a@50, then a@60 and ends; worker 0 reads a@200.</summary>
        public TwoSpeedSource()
            : this([("a", 200)], [("a", 50)], [("a", 60)])
        {
        }

        public override StatelessSourcePartition<(string Key, int Second)> Build(string stepId, int workerIndex, int workerCount) => workerIndex switch
        {
            0 => new Reads(() => _fastEnded.Wait(_longestWait), null, slow),
            1 => new Reads(null, _fastEnded.Set, fast),
            _ => new Reads(null, null),
        };

        /// <summary>One batch per read, the first after <paramref name="before"/> returns; ends after the last, then runs <paramref name="ended"/>.</summary>
        private sealed class Reads(Func<bool>? before, Action? ended, params (string, int)[][] batches) : StatelessSourcePartition<(string Key, int Second)>
        {
            private int _next;

            public override bool NextBatch(List<(string Key, int Second)> batch)
            {
                if (_next == 0 && before is not null)
                {
                    Assert.True(before(), "the fast partition never ended");
                }

                if (_next < batches.Length)
                {
                    batch.AddRange(batches[_next++]);
                }

                var more = _next < batches.Length;
                if (!more)
                {
                    ended?.Invoke();
                }

                return more;
            }
        }
    }

    /// <summary>Logic that keeps nothing: the step around it is what a test checks.</summary>
    private sealed class Forgetting : KeyedLogic<int, int, int, int>
    {
        public override int Create() => 0;

        public override int Restore(int state) => state;

        public override StateAction OnItem(ref int slot, int value, Emitter<int> output) => StateAction.Discard;

        public override int Snapshot(ref int slot) => slot;
    }

    /// <summary>A side of a join: its time in seconds, and whether it is the left one.</summary>
    public sealed record Side(int Second, bool Left);
}

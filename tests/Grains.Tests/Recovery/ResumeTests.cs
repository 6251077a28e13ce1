using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Testing;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Recovery;

/// <summary>Runs that abort or end and are run again on the same recovery store: state continues exactly, whatever the worker count.</summary>
/// <remarks>
/// Each item is its own epoch (batch size 1, epoch interval zero), so a commit follows nearly every item and an
/// abort loses at most the epochs after the last commit, which the resumed run reads again.
/// </remarks>
public sealed class ResumeTests
{
    private static readonly string[] _keys = ["a", "b", "c", "d", "e", "f", "g"];

    /// <summary>One process with one worker, and a TestCluster of 2 silos × 2 workers (Orleans).</summary>
    public static TheoryData<int, int> Topologies => new() { { 1, 1 }, { 2, 2 } };

    [Theory]
    [MemberData(nameof(Topologies))]
    public void Resume_AfterAbort_OutputsContinueAnUninterruptedRun(int silos, int workers)
    {
        var items = Numbers(40);
        var uninterrupted = RunningSums(items, new InMemoryRecoveryStore(), Topology.Single);
        var store = new InMemoryRecoveryStore();
        var topology = new Topology(silos, workers);

        var marked = WithMarkerAt(items, 23, TestingMarker.Abort());

        var first = RunningSums(marked, store, topology, expected: ExecutionOutcome.Aborted);
        var second = RunningSums(marked, store, topology);

        // The resumed run repeats at most what the aborted run emitted after its last commit, then carries on. Keys
        // interleave differently on several workers, but each key's sums come in order on any topology.
        var expected = PerKey(uninterrupted);
        foreach (var (key, sums) in PerKey(first))
        {
            Assert.Equal(expected[key][..sums.Count], sums);
        }

        foreach (var (key, sums) in PerKey(second))
        {
            Assert.Equal(expected[key][^sums.Count..], sums);
        }

        Assert.True(first.Count + second.Count >= uninterrupted.Count, "the two runs together skipped some outputs");
    }

    [Fact]
    public void Resume_WithThreeThenFiveThenOneWorkers_FinalStateEqualsAnUninterruptedRun()
        => AssertRescaledRunsAgree(new Topology(1, 3), new Topology(1, 5), Topology.Single);

    [Fact]
    public void Resume_OnTwoSilosThenThreeSilosThenOneProcess_FinalStateEqualsAnUninterruptedRun()
        => AssertRescaledRunsAgree(new Topology(2, 2), new Topology(3, 1), Topology.Single);

    [Theory]
    [MemberData(nameof(Topologies))]
    public void Resume_AfterEndOfInput_ProcessesOnlyTheItemsAfterIt(int silos, int workers)
    {
        var store = new InMemoryRecoveryStore();
        var items = new List<TestingItem<(string, long)>> { ("a", 1L), ("b", 2L), ("a", 3L), TestingMarker.Eof(), ("a", 10L), ("b", 20L) };

        var first = RunningSums(items, store, new Topology(silos, workers));
        var second = RunningSums(items, store, new Topology(silos, workers));

        Assert.Equal([("a", 1L), ("a", 4L), ("b", 2L)], first.Order());
        Assert.Equal([("a", 14L), ("b", 22L)], second.Order());
    }

    [Fact]
    public void Resume_AbortBeforeAnyCommit_ReplaysFromTheStart()
    {
        var items = Numbers(10);
        var uninterrupted = RunningSums(items, new InMemoryRecoveryStore(), Topology.Single);
        var store = new InMemoryRecoveryStore();

        RunningSums(WithMarkerAt(items, 5, TestingMarker.Abort()), store, Topology.Single, expected: ExecutionOutcome.Aborted, epochInterval: TimeSpan.FromHours(1));
        Assert.Equal(0, store.CommittedEpoch);
        var second = RunningSums(items, store, Topology.Single);

        Assert.Equal(uninterrupted, second);
    }

    [Fact]
    public void Commit_DiscardedKeysAndSupersededSnapshots_AreCollected()
    {
        // Every key is discarded on its third item (the state goes back to null), so at the end no key is live.
        var items = _keys.SelectMany(key => new[] { (key, 1L), (key, 2L), (key, 3L) }).Select(i => (TestingItem<(string, long)>)i).ToList();
        var store = new InMemoryRecoveryStore();
        var flow = new Dataflow("gc");
        var output = new List<(string, long)>();
        flow.Input("inp", new TestingSource<(string, long)>(items))
            .StatefulMap<long, long?, long>("count", (count, _) => (count is 2 ? null : (count ?? 0) + 1, (count ?? 0) + 1))
            .Output("out", new TestingSink<(string, long)>(output));

        DataflowExecution.Run(flow, Options(store, TimeSpan.Zero) with { WorkerCount = 2 });

        // Left: the source partition's position, nothing of any key.
        Assert.Equal(1, store.SnapshotCount);
    }

    [Theory]
    [InlineData(1, 2, 1, 3)]
    [InlineData(2, 2, 1, 1)]
    [InlineData(1, 1, 2, 2)]
    public void Resume_MidWindow_ClosesEachWindowWithTheCountOfAnUninterruptedRun(int silosBefore, int workersBefore, int silosAfter, int workersAfter)
    {
        var items = Enumerable.Range(0, 50).Select(i => (TestingItem<(string, int)>)(_keys[i % 3], i)).ToList();
        var uninterrupted = WindowCounts(items, new InMemoryRecoveryStore(), Topology.Single);
        var store = new InMemoryRecoveryStore();
        var marked = WithMarkerAt(items, 27, TestingMarker.Abort());

        var first = WindowCounts(marked, store, new Topology(silosBefore, workersBefore), expected: ExecutionOutcome.Aborted);
        var second = WindowCounts(marked, store, new Topology(silosAfter, workersAfter));

        Assert.Equal(uninterrupted.Order(), first.Union(second).Order());
        Assert.Subset(uninterrupted.ToHashSet(), second.ToHashSet());
    }

    [Theory]
    [InlineData(1, 2, 1, 3)]
    [InlineData(1, 1, 2, 2)]
    public void Resume_MidJoinOfThree_FinalRowsEqualAnUninterruptedRun(int silosBefore, int workersBefore, int silosAfter, int workersAfter)
    {
        var items = Enumerable.Range(0, 60).Select(i => (TestingItem<(int, string, int)>)(i % 3, _keys[i % 7], i)).ToList();
        var uninterrupted = JoinOfThreeRows(items, new InMemoryRecoveryStore(), Topology.Single);
        var store = new InMemoryRecoveryStore();
        var marked = WithMarkerAt(items, 31, TestingMarker.Abort());

        var first = JoinOfThreeRows(marked, store, new Topology(silosBefore, workersBefore), expected: ExecutionOutcome.Aborted);
        var second = JoinOfThreeRows(marked, store, new Topology(silosAfter, workersAfter));

        // Final rows come at EOF only, so the resumed run alone emits them all, from the values the first run snapshotted.
        Assert.Empty(first);
        Assert.Equal(uninterrupted.Order(StringComparer.Ordinal), second.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(1, 2, 1, 3)]
    [InlineData(2, 2, 1, 1)]
    public void Resume_MidJoinWindowOfManySides_ClosesEachWindowWithTheRowsOfAnUninterruptedRun(int silosBefore, int workersBefore, int silosAfter,
        int workersAfter)
    {
        var items = Enumerable.Range(0, 50).Select(i => (TestingItem<(int, string, int)>)(i % 4, _keys[i % 3], i)).ToList();
        var uninterrupted = JoinWindowRows(items, new InMemoryRecoveryStore(), Topology.Single);
        var store = new InMemoryRecoveryStore();
        var marked = WithMarkerAt(items, 27, TestingMarker.Abort());

        var first = JoinWindowRows(marked, store, new Topology(silosBefore, workersBefore), expected: ExecutionOutcome.Aborted);
        var second = JoinWindowRows(marked, store, new Topology(silosAfter, workersAfter));

        Assert.Equal(uninterrupted.Order(StringComparer.Ordinal), first.Union(second).Order(StringComparer.Ordinal));
        Assert.Subset(uninterrupted.ToHashSet(), second.ToHashSet());
    }

    [Fact]
    public void Resume_SnapshotThatDoesNotDeserialize_FailsNamingTheStepAndKey()
    {
        var store = new InMemoryRecoveryStore();
        store.Write("sum", 0, 1, [new StateSnapshot("b", [1, 2, 3])]);
        store.Commit(1);

        var error = Assert.Throws<DataflowException>(() => RunningSums(Numbers(3), store, Topology.Single));

        Assert.Equal("sum", error.StepId);
        Assert.Contains("restoring key \"b\" from its snapshot before epoch 2 in the recovery store", error.During, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ANewerExecutionBeginsMidRun_FailsWithTheRefusalAndCommitsNothingAfter()
    {
        var store = new InMemoryRecoveryStore();
        ResumePoint? newer = null;
        var flow = new Dataflow("sums");
        flow.Input("inp", new TestingSource<(string, long)>(Numbers(40)))
            .Map("twin", item =>
            {
                // A twin of this run (its frontier on a silo declared dead that still runs) is replaced mid-run.
                if (item.Item2 == 20)
                {
                    newer = store.BeginExecution(1);
                }

                return item;
            })
            .StatefulMap<long, long, long>("sum", (sum, value) => (sum + value, sum + value))
            .Output("out", new TestingSink<(string, long)>([]));

        var error = Assert.Throws<DataflowException>(() => DataflowExecution.Run(flow, Options(store, TimeSpan.Zero)));

        Assert.IsType<SupersededExecutionException>(error.GetBaseException());
        Assert.NotNull(newer);
        Assert.Equal(newer.Epoch - 1, store.CommittedEpoch);
    }

    [Fact]
    public async Task Resume_WindowOpenAtTheCrash_ClosesOnItsTimerWithoutNewItems()
    {
        var store = new InMemoryRecoveryStore();
        var output = new List<(string, (long, long))>();
        var items = new List<TestingItem<string>> { "a", "a", TestingMarker.Abort(), TestingMarker.Pause(TimeSpan.FromMinutes(1)) };
        var flow = new Dataflow("idle_window");
        flow.Input("inp", new TestingSource<string>(items))
            .CountWindow("count", new SystemClock<string>(), new TumblingWindower(TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow), key => key)
            .Down.Output("out", new TestingSink<(string, (long, long))>(output));
        Assert.Equal(ExecutionOutcome.Aborted, DataflowExecution.Run(flow, Options(store, TimeSpan.Zero) with { WorkerCount = 1 }).Outcome);
        Assert.Empty(output);

        // The resumed run gets no item and no end of input: only the restored key's timer can close its window.
        using var stop = new CancellationTokenSource();
        var run = Task.Factory.StartNew(() => DataflowExecution.Run(flow, Options(store, TimeSpan.Zero) with { WorkerCount = 2 }, stop.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var closed = SpinWait.SpinUntil(() => { lock (output) { return output.Count > 0; } }, TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(closed, "the window open at the crash never closed in the resumed run");
        Assert.Equal(2, Assert.Single(output).Item2.Item2);
    }

    private static List<TestingItem<(string, long)>> Numbers(int count) =>
        Enumerable.Range(1, count).Select(i => (TestingItem<(string, long)>)(_keys[(i * 5) % _keys.Length], (long)i)).ToList();

    /// <summary><paramref name="items"/> with <paramref name="marker"/> before item <paramref name="index"/>; an abort marker fires in the first run that reaches it only.</summary>
    private static List<TestingItem<T>> WithMarkerAt<T>(List<TestingItem<T>> items, int index, TestingMarker marker)
    {
        var marked = new List<TestingItem<T>>(items);
        marked.Insert(index, marker);
        return marked;
    }

    /// <summary>Runs the sums on <paramref name="first"/>, <paramref name="second"/> and <paramref name="third"/>, aborting the first two, and checks every key ends with the sum of an uninterrupted run.</summary>
    private static void AssertRescaledRunsAgree(Topology first, Topology second, Topology third)
    {
        var items = Numbers(60);
        var uninterrupted = FinalByKey(RunningSums(items, new InMemoryRecoveryStore(), Topology.Single));
        var store = new InMemoryRecoveryStore();
        var aborts = new[] { TestingMarker.Abort(), TestingMarker.Abort() };
        var marked = WithMarkerAt(WithMarkerAt(items, 17, aborts[0]), 41, aborts[1]);

        var outputs = new List<(string Key, long Sum)>();
        outputs.AddRange(RunningSums(marked, store, first, expected: ExecutionOutcome.Aborted));
        outputs.AddRange(RunningSums(marked, store, second, expected: ExecutionOutcome.Aborted));
        outputs.AddRange(RunningSums(marked, store, third));

        Assert.Equal(uninterrupted, FinalByKey(outputs));
    }

    private static Dictionary<string, List<long>> PerKey(IEnumerable<(string Key, long Sum)> outputs) =>
        outputs.GroupBy(o => o.Key).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(o => o.Sum).ToList());

    private static List<(string Key, long Sum)> RunningSums(List<TestingItem<(string, long)>> items, IRecoveryStore store, Topology topology,
        ExecutionOutcome expected = ExecutionOutcome.Completed, TimeSpan? epochInterval = null)
    {
        var flow = new Dataflow("sums");
        var output = new List<(string, long)>();
        flow.Input("inp", new TestingSource<(string, long)>(items))
            .StatefulMap<long, long, long>("sum", (sum, value) => (sum + value, sum + value))
            .Output("out", new TestingSink<(string, long)>(output));

        var result = topology.Run(flow, Options(store, epochInterval ?? TimeSpan.Zero));

        Assert.Equal(expected, result.Outcome);
        return output;
    }

    private static List<(string Key, (long Window, long Count))> WindowCounts(List<TestingItem<(string, int)>> items, IRecoveryStore store, Topology topology,
        ExecutionOutcome expected = ExecutionOutcome.Completed)
    {
        var flow = new Dataflow("windows");
        var output = new List<(string, (long, long))>();
        flow.Input("inp", new TestingSource<(string, int)>(items))
            .CountWindow("count", new EventClock<(string Key, int Second)>(e => DateTimeOffset.UnixEpoch.AddSeconds(e.Second), TimeSpan.FromSeconds(5),
                    nowGetter: () => DateTimeOffset.UnixEpoch),
                new TumblingWindower(TimeSpan.FromSeconds(10), DateTimeOffset.UnixEpoch), e => e.Item1)
            .Down.Output("out", new TestingSink<(string, (long, long))>(output));

        var result = topology.Run(flow, Options(store, TimeSpan.Zero));

        Assert.Equal(expected, result.Outcome);
        return output;
    }

    /// <summary>A final product join of three typed sides, items going to side <c>Item1</c> under key <c>Item2</c>; rows rendered <c>key:first/second/third</c>.</summary>
    private static List<string> JoinOfThreeRows(List<TestingItem<(int, string, int)>> items, IRecoveryStore store, Topology topology,
        ExecutionOutcome expected = ExecutionOutcome.Completed)
    {
        var flow = new Dataflow("joins");
        var output = new List<string>();
        var records = flow.Input("inp", new TestingSource<(int Side, string Key, int Value)>(items));
        var first = records.Filter("is_first", r => r.Side == 0).Map("first", r => (r.Key, (int?)r.Value));
        var second = records.Filter("is_second", r => r.Side == 1).Map("second", r => (r.Key, $"s{r.Value}"));
        var third = records.Filter("is_third", r => r.Side == 2).Map("third", r => (r.Key, (long?)r.Value));
        first.Join("join", second, third, JoinInsertMode.Product, JoinEmitMode.Final)
            .Map("render", r => $"{r.Key}:{r.Value.First}/{r.Value.Second}/{r.Value.Third}")
            .Output("out", new TestingSink<string>(output));

        var result = topology.Run(flow, Options(store, TimeSpan.Zero));

        Assert.Equal(expected, result.Outcome);
        return output;
    }

    /// <summary>A final, last-value window join of four sides of one type in tumbling windows of 10 s, item i at second i; rows rendered <c>key:window=[values]</c>.</summary>
    private static List<string> JoinWindowRows(List<TestingItem<(int, string, int)>> items, IRecoveryStore store, Topology topology,
        ExecutionOutcome expected = ExecutionOutcome.Completed)
    {
        var flow = new Dataflow("join_windows");
        var output = new List<string>();
        var records = flow.Input("inp", new TestingSource<(int Side, string Key, int Value)>(items));
        var sides = Enumerable.Range(0, 4).Select(side => records.Filter($"is_{side}", r => r.Side == side).Map($"side{side}", r => (r.Key, (int?)r.Value))).ToList();
        sides[0].JoinWindow("join",
                new EventClock<JoinSide<int?>>(s => DateTimeOffset.UnixEpoch.AddSeconds(s.Value!.Value), TimeSpan.FromSeconds(5), nowGetter: () => DateTimeOffset.UnixEpoch),
                new TumblingWindower(TimeSpan.FromSeconds(10), DateTimeOffset.UnixEpoch), sides[1..])
            .Down.Map("render", w => $"{w.Key}:{w.Value.WindowId}=[{string.Join(",", w.Value.Value)}]")
            .Output("out", new TestingSink<string>(output));

        var result = topology.Run(flow, Options(store, TimeSpan.Zero));

        Assert.Equal(expected, result.Outcome);
        return output;
    }

    private static Dictionary<string, long> FinalByKey(IEnumerable<(string Key, long Sum)> outputs) =>
        outputs.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Max(o => o.Sum));

    private static ExecutionOptions Options(IRecoveryStore store, TimeSpan epochInterval) =>
        new() { EpochInterval = epochInterval, Recovery = store };
}

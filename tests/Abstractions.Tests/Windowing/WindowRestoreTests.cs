using Orleans.Dataflow.Serialization;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Abstractions.Tests.Windowing;

/// <summary>
/// A windowing operator's per-key snapshot (clock, windower, open windows, queued items) is all it needs: a run that
/// snapshots every key to bytes after any step and restores them into a fresh logic emits what a run without the
/// restart emits, asks to be woken at the same times, and snapshots to the same bytes.
/// </summary>
/// <remarks>
/// The logic is built as <c>WindowSteps</c> builds it: a <see cref="WindowKeyedLogic{TValue,TOut,TSlot,TState}"/> over the
/// operator's window factory, with the <see cref="WindowSnapshotSerde{TValue,TState}"/> of the step. Values are
/// <c>(second, tag)</c> pairs; an event clock reads the second as an offset from <see cref="_eventOrigin"/>.
/// </remarks>
public sealed class WindowRestoreTests
{
    private static readonly DateTimeOffset _eventOrigin = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _systemStart = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FoldWindow_TumblingEventClockRestartAfterAnyStep_EqualsStraightRun()
    {
        var check = FoldCheck(new TumblingWindower(TimeSpan.FromSeconds(10), _eventOrigin), ordered: true);

        check.AssertEveryCutMatchesStraightRun(TumblingScript);

        // Ordered: a3 (second 3) arrived after a2 (second 4) but is folded before it; second 0 came after the watermark passed it.
        Assert.Equal(
        [
            "a: late for 0: (0, late)",
            "a: window 0 = a1a3a2",
            $"a: window 0 closed {Meta(0, 10)}",
            "a: window 1 = a4",
            $"a: window 1 closed {Meta(10, 20)}",
            "b: window 0 = b1",
            $"b: window 0 closed {Meta(0, 10)}",
        ], check.Straight(TumblingScript));
    }

    [Fact]
    public void FoldWindow_TumblingEventClockRestartWithWindowOpen_ClosesItThroughNotification()
    {
        var check = FoldCheck(new TumblingWindower(TimeSpan.FromSeconds(10), _eventOrigin), ordered: true);
        var tick = TumblingScript.FindIndex(step => step.Key is null);

        var run = check.Interrupted(TumblingScript, tick);

        Assert.DoesNotContain(run.Before, line => line.StartsWith("a: window 0 =", StringComparison.Ordinal));
        Assert.Equal(run.OriginalNotify["a"], run.RestoredNotify["a"]);
        var wake = run.RestoredNotify["a"]!.Value;

        // Window 0 [0 s, 10 s) closes when the watermark (9 s, from second 12 minus the 3 s wait) has moved 1 s in system time.
        Assert.Equal(SystemAt(TumblingScript[4].At, 1), wake);
        Assert.True(TumblingScript[tick].At >= wake);
        Assert.Contains("a: window 0 = a1a3a2", run.After[0]);
        Assert.Contains($"a: window 0 closed {Meta(0, 10)}", run.After[0]);
    }

    [Fact]
    public void FoldWindow_TickJustBeforeRestoredWakeUp_ClosesNothingUntilItComes()
    {
        var check = FoldCheck(new TumblingWindower(TimeSpan.FromSeconds(10), _eventOrigin), ordered: true);
        var steps = TumblingScript.Take(5).ToList();
        var wake = check.Interrupted(steps, steps.Count).RestoredNotify["a"]!.Value;
        steps.Add(ScriptStep<(int, string)>.Tick(wake - TimeSpan.FromTicks(1)));
        steps.Add(ScriptStep<(int, string)>.Tick(wake));

        var run = check.Interrupted(steps, 5);

        Assert.Empty(run.After[0]);
        Assert.Equal(["a: window 0 = a1a3a2", $"a: window 0 closed {Meta(0, 10)}"], run.After[1]);
    }

    [Fact]
    public void CollectWindow_SlidingEventClockRestartAfterAnyStep_EqualsStraightRun()
    {
        var windower = new SlidingWindower(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), _eventOrigin);
        var check = Check(windower, new EventClock<(int Second, string Tag)>(EventTime, TimeSpan.FromSeconds(2)), CollectWindows(), ordered: true,
            list => $"[{string.Join(" ", list.Select(v => v.Tag))}]");
        var s = _systemStart;
        List<ScriptStep<(int, string)>> steps =
        [
            Item(s, "a", 1, "a1"),
            Item(s.AddSeconds(1), "a", 7, "a7"),
            Item(s.AddSeconds(2), "a", 6, "a6"),
            Item(s.AddSeconds(3), "b", 3, "b3"),
            Item(s.AddSeconds(4), "a", 13, "a13"),
            Item(s.AddSeconds(5), "a", 2, "late"),
            Tick(s.AddSeconds(30)),
            Item(s.AddSeconds(31), "a", 40, "a40"),
        ];

        check.AssertEveryCutMatchesStraightRun(steps);

        var straight = check.Straight(steps);
        Assert.Contains("a: window 0 = [a1 a6 a7]", straight);
        Assert.Contains("a: window 1 = [a6 a7 a13]", straight);
        Assert.Contains("a: window 2 = [a13]", straight);
        Assert.Contains("a: window 8 = [a40]", straight);
        Assert.Contains("a: late for -1: (2, late)", straight);
        Assert.Contains("a: late for 0: (2, late)", straight);
    }

    [Fact]
    public void FoldWindow_SessionUnorderedWithMergeRestartAfterAnyStep_EqualsStraightRun()
    {
        var check = FoldCheck(new SessionWindower(TimeSpan.FromSeconds(5)), ordered: false, wait: TimeSpan.FromSeconds(10));
        var s = _systemStart;
        List<ScriptStep<(int, string)>> steps =
        [
            Item(s, "a", 0, "x"),
            Item(s.AddSeconds(1), "a", 8, "y"),
            Item(s.AddSeconds(2), "b", 1, "b"),
            Item(s.AddSeconds(3), "a", 4, "z"),
            Item(s.AddSeconds(4), "a", 30, "w"),
            Tick(s.AddSeconds(20)),
            Item(s.AddSeconds(21), "a", 45, "v"),
            Tick(s.AddSeconds(60)),
        ];

        check.AssertEveryCutMatchesStraightRun(steps);

        // z (second 4) bridges session 0 (x) and session 1 (y): session 1 merges into session 0.
        var straight = check.Straight(steps);
        Assert.Contains("a: window 0 = xzy", straight);
        Assert.Contains($"a: window 0 closed {new WindowMetadata(_eventOrigin, _eventOrigin.AddSeconds(8), [1])}", straight);
        Assert.Contains("a: window 2 = w", straight);
        Assert.Contains("a: window 3 = v", straight);
        Assert.DoesNotContain(straight, line => line.StartsWith("a: window 1", StringComparison.Ordinal));
    }

    [Fact]
    public void CollectWindow_SessionRestartWithSessionOpen_WakesAfterTheGapAndCloses()
    {
        var check = Check(new SessionWindower(TimeSpan.FromSeconds(5)), new EventClock<(int Second, string Tag)>(EventTime, TimeSpan.Zero),
            CollectWindows(), ordered: true, list => $"[{string.Join(" ", list.Select(v => v.Tag))}]");
        var s = _systemStart;
        List<ScriptStep<(int, string)>> steps = [Item(s, "a", 0, "p"), Item(s.AddSeconds(2), "a", 2, "q"), Tick(s.AddSeconds(10))];

        var run = check.Interrupted(steps, 2);

        // The session [0 s, 2 s] closes once the watermark is past 7 s: 5 s of system time after q, plus one tick.
        Assert.Equal(s.AddSeconds(7).AddTicks(1), run.RestoredNotify["a"]);
        Assert.Equal(run.OriginalNotify["a"], run.RestoredNotify["a"]);
        Assert.Equal(["a: window 0 = [p q]", $"a: window 0 closed {Meta(0, 2)}"], run.After[0]);
    }

    [Fact]
    public void CollectWindow_TumblingSystemClockRestartAfterAnyStep_EqualsStraightRun()
    {
        var s = _systemStart;
        var check = Check(new TumblingWindower(TimeSpan.FromSeconds(10), s), new SystemClock<string>(), CollectWindows<string>(), ordered: true,
            list => $"[{string.Join(" ", list)}]");
        List<ScriptStep<string>> steps =
        [
            ScriptStep<string>.Item(s.AddSeconds(1), "a", "a1"),
            ScriptStep<string>.Item(s.AddSeconds(2), "b", "b1"),
            ScriptStep<string>.Item(s.AddSeconds(3), "a", "a2"),
            ScriptStep<string>.Tick(s.AddSeconds(9)),
            ScriptStep<string>.Tick(s.AddSeconds(10)),
            ScriptStep<string>.Item(s.AddSeconds(12), "a", "a3"),
            ScriptStep<string>.Tick(s.AddSeconds(25)),
        ];

        check.AssertEveryCutMatchesStraightRun(steps);

        var run = check.Interrupted(steps, 3);
        Assert.Equal(s.AddSeconds(10), run.RestoredNotify["a"]);
        Assert.Equal(s.AddSeconds(10), run.RestoredNotify["b"]);
        Assert.Empty(run.After[0]);
        Assert.Equal(
            ["a: window 0 = [a1 a2]", $"a: window 0 closed {new WindowMetadata(s, s.AddSeconds(10))}", "b: window 0 = [b1]",
                $"b: window 0 closed {new WindowMetadata(s, s.AddSeconds(10))}"],
            run.After[1]);
    }

    [Fact]
    public void WindowKeyedLogic_AllWindowsClosed_DiscardsTheKeySoNothingIsSnapshotted()
    {
        var check = FoldCheck(new TumblingWindower(TimeSpan.FromSeconds(10), _eventOrigin), ordered: true);

        var run = check.Interrupted(TumblingScript, TumblingScript.Count);

        Assert.Empty(run.Snapshots);
        Assert.Empty(run.After[^1]);
    }

    [Fact]
    public void JoinWindow_TumblingFinalProductRestartAfterAnyStep_EqualsStraightRun()
    {
        var check = JoinCheck(new TumblingWindower(TimeSpan.FromSeconds(10), _eventOrigin), JoinInsertMode.Product, JoinEmitMode.Final, ordered: true);
        var s = _systemStart;
        List<ScriptStep<JoinSide<int, string>>> steps =
        [
            JoinItem(s, "a", JoinSide<int, string>.OfLeft(1)),
            JoinItem(s.AddSeconds(1), "a", JoinSide<int, string>.OfRight("r3")),
            JoinItem(s.AddSeconds(2), "a", JoinSide<int, string>.OfLeft(2)),
            JoinItem(s.AddSeconds(3), "b", JoinSide<int, string>.OfLeft(4)),
            JoinItem(s.AddSeconds(4), "a", JoinSide<int, string>.OfRight("r12")),
            ScriptStep<JoinSide<int, string>>.Tick(s.AddSeconds(30)),
        ];

        check.AssertEveryCutMatchesStraightRun(steps);

        var straight = check.Straight(steps);
        Assert.Contains("a: window 0 = (1, r3)", straight);
        Assert.Contains("a: window 0 = (2, r3)", straight);
        Assert.Contains("b: window 0 = (4, )", straight);
        Assert.Contains("a: window 1 = (0, r12)", straight);
    }

    [Fact]
    public void JoinWindow_SessionCompleteUnorderedRestartAfterAnyStep_EqualsStraightRun()
    {
        var check = JoinCheck(new SessionWindower(TimeSpan.FromSeconds(5)), JoinInsertMode.Last, JoinEmitMode.Complete, ordered: false);
        var s = _systemStart;
        List<ScriptStep<JoinSide<int, string>>> steps =
        [
            JoinItem(s, "a", JoinSide<int, string>.OfLeft(0)),
            JoinItem(s.AddSeconds(1), "a", JoinSide<int, string>.OfRight("r8")),
            JoinItem(s.AddSeconds(2), "a", JoinSide<int, string>.OfLeft(4)),
            JoinItem(s.AddSeconds(3), "a", JoinSide<int, string>.OfRight("r30")),
            ScriptStep<JoinSide<int, string>>.Tick(s.AddSeconds(60)),
            JoinItem(s.AddSeconds(61), "a", JoinSide<int, string>.OfLeft(31)),
        ];

        check.AssertEveryCutMatchesStraightRun(steps);

        // Left 4 bridges the sessions of left 0 and right 8; the merged window has both sides and emits at once.
        var straight = check.Straight(steps);
        Assert.Contains("a: window 0 = (4, r8)", straight);
    }

    [Fact]
    public void JoinWindowOfThree_SessionRunningFirstUnorderedRestartAfterAnyStep_EqualsStraightRun()
    {
        var clock = new EventClock<JoinSide<int?, int?, int?>>(side => _eventOrigin.AddSeconds(side.Match(a => a!.Value, b => b!.Value, c => c!.Value)),
            TimeSpan.FromSeconds(10));
        var check = JoinCheck(new ThreeWayJoin<int?, int?, int?>(), clock, new SessionWindower(TimeSpan.FromSeconds(5)), JoinInsertMode.First,
            JoinEmitMode.Running, ordered: false, row => $"({row.Item1}, {row.Item2}, {row.Item3})");
        var s = _systemStart;
        List<ScriptStep<JoinSide<int?, int?, int?>>> steps =
        [
            JoinItem(s, "a", JoinSide<int?, int?, int?>.OfFirst(0)),
            JoinItem(s.AddSeconds(1), "a", JoinSide<int?, int?, int?>.OfThird(8)),
            JoinItem(s.AddSeconds(2), "a", JoinSide<int?, int?, int?>.OfSecond(4)),
            JoinItem(s.AddSeconds(3), "a", JoinSide<int?, int?, int?>.OfFirst(2)),
            ScriptStep<JoinSide<int?, int?, int?>>.Tick(s.AddSeconds(60)),
        ];

        check.AssertEveryCutMatchesStraightRun(steps);

        // Second 4 joins session 0, then bridges it to session 1 (second 8), which merges in and brings its third side;
        // first keeps 0 when 2 arrives on the first side, but a new value is a new running row.
        Assert.Equal(
        [
            "a: window 0 = (0, , )",
            "a: window 1 = (, , 8)",
            "a: window 0 = (0, 4, )",
            "a: window 0 = (0, 4, 8)",
            "a: window 0 = (0, 4, 8)",
            $"a: window 0 closed {new WindowMetadata(_eventOrigin, _eventOrigin.AddSeconds(8), [1])}",
        ], check.Straight(steps));
    }

    [Fact]
    public void JoinWindowOfManyOfOneType_TumblingCompleteRestartAfterAnyStep_EqualsStraightRun()
    {
        var clock = new EventClock<JoinSide<int>>(side => _eventOrigin.AddSeconds(side.Value), TimeSpan.FromSeconds(10));
        var check = JoinCheck(new ManyWayJoin<int>(3), clock, new TumblingWindower(TimeSpan.FromSeconds(10), _eventOrigin), JoinInsertMode.Last,
            JoinEmitMode.Complete, ordered: false, row => $"[{string.Join(' ', row)}]");
        var s = _systemStart;
        List<ScriptStep<JoinSide<int>>> steps =
        [
            JoinItem(s, "a", new JoinSide<int>(0, 1)),
            JoinItem(s.AddSeconds(1), "a", new JoinSide<int>(2, 3)),
            JoinItem(s.AddSeconds(2), "a", new JoinSide<int>(0, 2)),
            JoinItem(s.AddSeconds(3), "a", new JoinSide<int>(1, 4)),
            JoinItem(s.AddSeconds(4), "a", new JoinSide<int>(1, 12)),
            ScriptStep<JoinSide<int>>.Tick(s.AddSeconds(60)),
        ];

        check.AssertEveryCutMatchesStraightRun(steps);

        Assert.Equal(
        [
            "a: window 0 = [2 4 3]",
            $"a: window 0 closed {Meta(0, 10)}",
            $"a: window 1 closed {Meta(10, 20)}",
        ], check.Straight(steps));
    }

    private static List<ScriptStep<(int, string)>> TumblingScript =>
    [
        Item(_systemStart, "a", 1, "a1"),
        Item(_systemStart.AddSeconds(1), "a", 4, "a2"),
        Item(_systemStart.AddSeconds(2), "b", 2, "b1"),
        Item(_systemStart.AddSeconds(3), "a", 3, "a3"),
        Item(_systemStart.AddSeconds(4), "a", 12, "a4"),
        Item(_systemStart.AddSeconds(4.5), "a", 0, "late"),
        Tick(_systemStart.AddSeconds(30)),
        Tick(_systemStart.AddSeconds(60)),
    ];

    private static DateTimeOffset EventTime((int Second, string Tag) value) => _eventOrigin.AddSeconds(value.Second);

    private static DateTimeOffset SystemAt(DateTimeOffset at, int plusSeconds) => at.AddSeconds(plusSeconds);

    private static WindowMetadata Meta(int openSecond, int closeSecond) => new(_eventOrigin.AddSeconds(openSecond), _eventOrigin.AddSeconds(closeSecond));

    private static ScriptStep<(int, string)> Item(DateTimeOffset at, string key, int second, string tag) => ScriptStep<(int, string)>.Item(at, key, (second, tag));

    private static ScriptStep<(int, string)> Tick(DateTimeOffset at) => ScriptStep<(int, string)>.Tick(at);

    private static ScriptStep<TItem> JoinItem<TItem>(DateTimeOffset at, string key, TItem side) => ScriptStep<TItem>.Item(at, key, side);

    private static RestoreCheck<(int, string), WindowEvent<(int, string), string>, WindowKeyState<(int, string), string>, WindowSnapshot<(int, string), string>>
        FoldCheck(Windower windower, bool ordered, TimeSpan? wait = null) =>
        Check(windower, new EventClock<(int Second, string Tag)>(EventTime, wait ?? TimeSpan.FromSeconds(3)),
            new FoldWindowAggregator<(int, string), string>(static () => "", static (acc, v) => acc + v.Item2, static (acc, merged) => acc + merged),
            ordered, static acc => acc);

    private static FoldWindowAggregator<T, List<T>> CollectWindows<T>() => new(static () => [], static (list, v) =>
    {
        list.Add(v);
        return list;
    }, static (list, merged) =>
    {
        list.AddRange(merged);
        return list;
    });

    private static FoldWindowAggregator<(int Second, string Tag), List<(int Second, string Tag)>> CollectWindows() => CollectWindows<(int Second, string Tag)>();

    private static RestoreCheck<JoinSide<int, string>, WindowEvent<JoinSide<int, string>, (int, string?)>,
        WindowKeyState<JoinSide<int, string>, WindowLogic<JoinSide<int, string>, (int, string?), JoinState<JoinSide<int, string>>>>,
        WindowSnapshot<JoinSide<int, string>, JoinState<JoinSide<int, string>>>>
        JoinCheck(Windower windower, JoinInsertMode insertMode, JoinEmitMode emitMode, bool ordered)
    {
        var clock = new EventClock<JoinSide<int, string>>(side => _eventOrigin.AddSeconds(side.Match(left => left, right => int.Parse(right[1..]))),
            TimeSpan.FromSeconds(10));
        return JoinCheck(new TwoWayJoin<int, string>(), clock, windower, insertMode, emitMode, ordered, row => $"({row.Item1}, {row.Item2})");
    }

    /// <summary>The window logic <c>JoinWindow</c> builds for <paramref name="shape"/>: its factory, with the state serde of the step.</summary>
    private static RestoreCheck<TItem, WindowEvent<TItem, TRow>, WindowKeyState<TItem, WindowLogic<TItem, TRow, JoinState<TItem>>>, WindowSnapshot<TItem, JoinState<TItem>>>
        JoinCheck<TItem, TRow>(JoinShape<TItem, TRow> shape, Clock<TItem> clock, Windower windower, JoinInsertMode insertMode, JoinEmitMode emitMode,
            bool ordered, Func<TRow, string> renderRow) =>
        Check(windower, clock, new LogicWindowAggregator<TItem, TRow, JoinState<TItem>>(new JoinWindowFactory<TItem, TRow>(shape, insertMode, emitMode)), ordered,
            renderRow, new JoinStateSerde<TItem>(shape));

    private static RestoreCheck<TValue, WindowEvent<TValue, TOut>, WindowKeyState<TValue, TSlot>, WindowSnapshot<TValue, TState>> Check<TValue, TOut, TSlot, TState>(
        Windower windower, Clock<TValue> clock, WindowAggregator<TValue, TOut, TSlot, TState> windows, bool ordered, Func<TOut, string> renderOut,
        ISerde<TState>? stateSerde = null) =>
        new(time => new WindowKeyedLogic<TValue, TOut, TSlot, TState>(clock, windower, windows, ordered, time),
            new WindowSnapshotSerde<TValue, TState>(Serde.For<TValue>(), stateSerde ?? Serde.For<TState>()),
            (key, e) => e.Kind switch
            {
                WindowEventKind.Emit => $"{key}: window {e.WindowId} = {renderOut(e.Emitted)}",
                WindowEventKind.Late => $"{key}: late for {e.WindowId}: {e.Late}",
                _ => $"{key}: window {e.WindowId} closed {e.Meta}",
            });
}

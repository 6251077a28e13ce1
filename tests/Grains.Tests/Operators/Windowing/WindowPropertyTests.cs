using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Windowing;

/// <summary>FsCheck properties: every windowing operator's results, late items and metadata against <see cref="WindowReference"/>.</summary>
/// <remarks>
/// <para>Random keys, timestamps (in order, or jittered), waits (0, small, one far beyond the jitter, forever),
/// windowers (tumbling, overlapping and gapped sliding, sessions with random gap) and batch sizes. The run clock
/// stands still (<see cref="ManualClock"/>), so watermarks move only with timestamps and the reference is exact.</para>
/// <para>Where the order is defined (one key's results and metadata come out in closing order, windows closing
/// together in id order; late items in arrival order) it is compared as a sequence per key. Unordered operators on
/// sessions with out-of-order input merge sessions, so their ids depend on arrival: there each window is matched to its
/// metadata by id and compared by bounds, and the ids must be 0..n-1, each either emitted or merged exactly once.</para>
/// <para>Gapped sliding windows run with an endless wait only (nothing late, all close at EOF): with a finite wait an
/// on-time item in a gap that leaves the key no open window drops the key's state, clock included, and the
/// watermark starts over; items that were late then open windows, even ones already closed and emitted.</para>
/// <para>Each theory runs <see cref="CasesPerSeed"/> cases from FsCheck's replay seed <c>seed</c>; a failure names the
/// seed (DATAFLOW_TEST_SEED reruns it) and the shrunk case.</para>
/// </remarks>
public sealed class WindowPropertyTests
{
    private const int CasesPerSeed = 20;
    private static readonly TimeSpan _unit = TimeSpan.FromSeconds(1);
    private static readonly WindowKind[] _kinds = Enum.GetValues<WindowKind>();

    /// <summary>Every operator checked on each case: whether its windows see items in timestamp order, and its expected result rendered exactly and loosely (independent of order).</summary>
    private static readonly Op[] _ops =
    [
        new("fold", c => c.Ordered,
            items => $"{items.Sum(e => e.Value)}|{Ids(items)}",
            items => $"{items.Sum(e => e.Value)}|{Ids(items.OrderBy(e => e.Id))}"),
        new("collect", c => c.Ordered, items => Ids(items), items => Ids(items.OrderBy(e => e.Id))),
        new("count", _ => false, items => $"{items.Count}", items => $"{items.Count}"),
        new("reduce_sum", _ => false, items => $"{items.Sum(e => e.Value)}", items => $"{items.Sum(e => e.Value)}"),
        new("reduce_diff", _ => false, items => $"{items.Skip(1).Aggregate(items[0].Value, (acc, e) => acc - e.Value)}", _ => ""),
        new("max", _ => false, items => $"{items.MaxBy(e => e.Value)!.Value}#{items.MaxBy(e => e.Value)!.Id}", items => $"{items.Max(e => e.Value)}"),
        new("min", _ => false, items => $"{items.MinBy(e => e.Value)!.Value}#{items.MinBy(e => e.Value)!.Id}", items => $"{items.Min(e => e.Value)}"),
    ];

    public static TheoryData<WindowKind, bool, int> KindsOrdersAndSeeds
    {
        get
        {
            var data = new TheoryData<WindowKind, bool, int>();
            foreach (var kind in _kinds)
            {
                foreach (var inOrder in new[] { true, false })
                {
                    foreach (var seed in Seeded.Values)
                    {
                        data.Add(kind, inOrder, seed);
                    }
                }
            }

            return data;
        }
    }

    public static TheoryData<WindowKind, int> KindsAndSeeds
    {
        get
        {
            var data = new TheoryData<WindowKind, int>();
            foreach (var kind in _kinds)
            {
                foreach (var seed in Seeded.Values)
                {
                    data.Add(kind, seed);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(KindsOrdersAndSeeds))]
    public void WindowOperators_RandomInputOnOneWorker_MatchReferenceDownLateAndMeta(WindowKind kind, bool inOrder, int seed) =>
        Check(seed, CaseGen(Gen.Constant(kind), inOrder, joinModes: false), c => AssertOperatorsMatch(c, Topology.Single));

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void WindowOperators_RandomOutOfOrderInputOnTwoWorkers_MatchReferenceDownLateAndMeta(int seed) =>
        Check(seed, CaseGen(Gen.Elements(_kinds), inOrder: false, joinModes: false), c => AssertOperatorsMatch(c, new Topology(1, 2)));

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void WindowOperators_RandomOutOfOrderInputOnTwoSilosOfTwoWorkers_MatchReferenceDownLateAndMeta(int seed) =>
        Check(seed, CaseGen(Gen.Elements(_kinds), inOrder: false, joinModes: false), c => AssertOperatorsMatch(c, new Topology(2, 2)));

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void WindowOperators_StreamScopeWaitingForeverOnOneWorkerTwoWorkersAndTwoSilos_MatchReferenceWithEverythingOnTime(int seed) =>
        // A stream watermark that waits forever never moves before EOF, whatever the epochs: nothing is late and every
        // window closes at EOF, as the per-key reference says for an endless wait. This runs the stream watermark's
        // meters and its progress through the exchange, in process and between silos, under every operator.
        Check(seed, CaseGen(Gen.Elements(_kinds), inOrder: false, joinModes: false).Select(c => c with { Wait = null }), c =>
        {
            foreach (var topology in new[] { Topology.Single, new Topology(1, 2), new Topology(2, 2) })
            {
                AssertOperatorsMatch(c, topology, WatermarkScope.PerStream);
            }
        });

    [Theory]
    [MemberData(nameof(KindsAndSeeds))]
    public void JoinWindow_RandomOutOfOrderSidesAndModes_MatchesReferenceRowsLateAndMeta(WindowKind kind, int seed) =>
        Check(seed, CaseGen(Gen.Constant(kind), inOrder: false, joinModes: true), AssertJoinMatches);

    [Fact]
    public void Reference_HandWorkedTumblingCase_GivesLateItemsAndClosingPoints()
    {
        // Tumbling windows of 10 from 0, wait 5. After a@12 the watermark is 7: a@3 is late, a@8 is not. a@20 moves
        // it to 15, closing window 0 (close 10) but not window 1 (close 20); EOF closes the rest.
        Ev[] events = [new("a", 1, 1, 0), new("a", 12, 2, 1), new("a", 3, 3, 2), new("a", 8, 4, 3), new("a", 20, 5, 4)];

        var result = WindowReference.Compute(events, new WindowSpec(WindowKind.Tumbling, 10, 10, 0, 0), wait: 5);

        Assert.Equal([("a", 0L, events[2])], result.Late);
        Assert.Equal(
            ["0 [0,10) 0,3 after 4", $"1 [10,20) 1 after {int.MaxValue}", $"2 [20,30) 4 after {int.MaxValue}"],
            result.Windows.Select(w => $"{w.Id} [{w.Open},{w.Close}) {Ids(w.Items)} after {w.ClosedAfter}"));
        Assert.Equal("3,0", Ids(result.Windows[0].Applied(ordered: true).Reverse()));
    }

    [Fact]
    public void Reference_HandWorkedSlidingAndSessionCases_GivesWindowsOfEachItem()
    {
        // Sliding length 5, offset 3, aligned at 1: windows [1,6), [4,9), [7,12)... At 4 is in windows 0 and 1; at 3 in window 0 only; at -3
        // in window -2 ([-5,0)) only. Gapped (length 2, offset 5): at 3 is in no window.
        Assert.Equal([0L, 1L], WindowReference.SlidingIds(new WindowSpec(WindowKind.SlidingOverlapping, 5, 3, 1, 0), 4));
        Assert.Equal([-2L], WindowReference.SlidingIds(new WindowSpec(WindowKind.SlidingOverlapping, 5, 3, 1, 0), -3));
        Assert.Equal([0L], WindowReference.SlidingIds(new WindowSpec(WindowKind.SlidingOverlapping, 5, 3, 1, 0), 3));
        Assert.Empty(WindowReference.SlidingIds(new WindowSpec(WindowKind.SlidingGapped, 2, 5, 0, 0), 3));

        // Sessions with gap 2 and no wait: 10 and 12 join, 15 starts another; out of order, 11 is late once 12 is seen.
        Ev[] events = [new("k", 10, 0, 0), new("k", 12, 0, 1), new("k", 11, 0, 2), new("k", 15, 0, 3)];
        var result = WindowReference.Compute(events, new WindowSpec(WindowKind.Session, 0, 0, 0, 2), wait: 0);

        Assert.Equal([("k", -1L, events[2])], result.Late);
        Assert.Equal(["0 [10,12] 0,1 after 3", $"1 [15,15] 3 after {int.MaxValue}"],
            result.Windows.Select(w => $"{w.Id} [{w.Open},{w.Close}] {Ids(w.Items)} after {w.ClosedAfter}"));
    }

    private static void Check(int seed, Gen<WindowCase> cases, Action<WindowCase> property) => Seeded.Run(seed, _ =>
        Prop.ForAll(Arb.From(cases, Shrink), property).Check(Config.QuickThrowOnFailure
            .WithMaxTest(CasesPerSeed)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd((ulong)seed), FSharpOption<int>.None)))));

    /// <summary>Random cases: each is drawn from its own seeded <see cref="System.Random"/>, so a case is a plain function of an integer FsCheck picks.</summary>
    private static Gen<WindowCase> CaseGen(Gen<WindowKind> kinds, bool inOrder, bool joinModes) =>
        kinds.SelectMany(kind => Gen.Choose(0, int.MaxValue).Select(caseSeed => RandomCase(new Random(caseSeed), kind, inOrder, joinModes)));

    private static WindowCase RandomCase(Random r, WindowKind kind, bool inOrder, bool joinModes)
    {
        var spec = kind switch
        {
            WindowKind.Tumbling => r.Next(1, 16) is var length ? new WindowSpec(kind, length, length, r.Next(-20, 21), 0) : null!,
            WindowKind.SlidingOverlapping => r.Next(1, 8) is var offset ? new WindowSpec(kind, offset + r.Next(1, (2 * offset) + 3), offset, r.Next(-20, 21), 0) : null!,
            WindowKind.SlidingGapped => r.Next(1, 8) is var length ? new WindowSpec(kind, length, length + r.Next(1, 8), r.Next(-20, 21), 0) : null!,
            _ => new WindowSpec(kind, 0, 0, 0, r.Next(0, 10)),
        };
        var jitter = inOrder ? 0 : r.Next(1, 16);
        long? wait = r.Next(7) switch
        {
            0 => 0,
            1 => r.Next(0, 3),
            2 or 3 => r.Next(1, jitter + 4),
            4 => jitter + r.Next(1, 20),
            5 => 1_000_000,
            _ => null,
        };
        var keys = new[] { "a", "b", "c" }[..r.Next(1, 4)];
        var t = (long)r.Next(-30, 11);
        var events = new List<Ev>();
        for (var i = r.Next(0, 41); i > 0; i--)
        {
            t += r.Next(0, 4);
            events.Add(new Ev(keys[r.Next(keys.Length)], t + (jitter == 0 ? 0 : r.Next(-jitter, jitter + 1)), r.Next(-5, 6), events.Count));
        }

        var ordered = (kind == WindowKind.Session && joinModes) || r.Next(2) == 0;
        var insert = joinModes ? (JoinInsertMode)r.Next(3) : JoinInsertMode.Last;
        var emit = joinModes ? (JoinEmitMode)r.Next(3) : JoinEmitMode.Final;
        return new WindowCase(spec, wait, ordered, joinModes ? 1 : r.Next(1, 9), events, insert, emit);
    }

    /// <summary>Smaller cases: without the first or second half of the items, without one item, with batches of one.</summary>
    private static IEnumerable<WindowCase> Shrink(WindowCase c)
    {
        var n = c.Events.Count;
        if (n > 1)
        {
            yield return c.WithEvents(c.Events.Skip(n / 2));
            yield return c.WithEvents(c.Events.Take(n / 2));
        }

        for (var i = 0; i < n; i++)
        {
            yield return c.WithEvents(c.Events.Where((_, j) => j != i));
        }

        if (c.BatchSize > 1)
        {
            yield return c with { BatchSize = 1 };
        }
    }

    private static void AssertOperatorsMatch(WindowCase c, Topology topology, WatermarkScope scope = WatermarkScope.PerKey)
    {
        var expected = WindowReference.Compute(c.Events, c.Spec, c.Wait);
        var actual = RunOperators(c, topology, scope);
        foreach (var op in _ops)
        {
            var ordered = op.Ordered(c);
            var got = actual[op.Name];
            AssertLate(op.Name, expected, got.Late);
            if (c.Spec.Kind != WindowKind.Session || ordered || expected.OnTimeInTimeOrder)
            {
                AssertExact(op.Name, expected, got, w => op.Exact(w.Applied(ordered)), d => d.Exact);
            }
            else
            {
                AssertIdIndependent(op.Name, expected, got, w => op.Loose(w.Items), d => d.Loose);
            }
        }
    }

    private static void AssertJoinMatches(WindowCase c)
    {
        var expected = WindowReference.Compute(c.Events, c.Spec, c.Wait);
        var actual = RunJoin(c);
        AssertLate("join", expected, actual.Late);
        var rows = expected.Windows.SelectMany(w => JoinRows(w.Applied(c.Ordered), c.Insert, c.Emit).Select(row => (w.Key, $"{w.Id}:{row}")));
        AssertSameSequencesPerKey("join down", Sorted(rows), Sorted(actual.Down.Select(d => (d.Key, $"{d.Id}:{d.Exact}"))));
        AssertSameSequencesPerKey("join meta", ExpectedMeta(expected), actual.Meta.Select(m => (m.Key, $"{m.Id}:{m.Bounds}{m.Merged}")));
    }

    /// <summary>What a join window emits, by simulating its two sides over the items it sees, in order.</summary>
    private static List<string> JoinRows(IReadOnlyList<Ev> items, JoinInsertMode insert, JoinEmitMode emit)
    {
        var (left, right, rows) = (new List<Ev>(), new List<Ev>(), new List<string>());
        void EmitRows()
        {
            foreach (var l in left.DefaultIfEmpty())
            {
                foreach (var r in right.DefaultIfEmpty())
                {
                    rows.Add(JoinRow(l, r));
                }
            }
        }

        foreach (var e in items)
        {
            var side = IsLeft(e) ? left : right;
            if (insert == JoinInsertMode.Last)
            {
                side.Clear();
            }

            if (insert != JoinInsertMode.First || side.Count == 0)
            {
                side.Add(e);
            }

            if (emit == JoinEmitMode.Complete && left.Count > 0 && right.Count > 0)
            {
                EmitRows();
                left.Clear();
                right.Clear();
            }
            else if (emit == JoinEmitMode.Running)
            {
                EmitRows();
            }
        }

        if (emit == JoinEmitMode.Final)
        {
            EmitRows();
        }

        return rows;
    }

    private static void AssertLate(string op, RefResult expected, List<(string Key, long Id, int Item)> late) =>
        AssertSameSequencesPerKey($"{op} late", expected.Late.Select(l => (l.Key, $"{l.WindowId}:{l.Item.Id}")), late.Select(l => (l.Key, $"{l.Id}:{l.Item}")));

    /// <summary>Results and metadata per key in closing order (windows closing together by id), ids as the reference numbers them.</summary>
    private static void AssertExact(string op, RefResult expected, Recorded got, Func<RefWindow, string> value, Func<Emitted, string> render)
    {
        var closing = expected.Windows.OrderBy(w => w.ClosedAfter).ThenBy(w => w.Id).ToList();
        AssertSameSequencesPerKey($"{op} down", closing.Select(w => (w.Key, $"{w.Id}:{value(w)}")), got.Down.Select(d => (d.Key, $"{d.Id}:{render(d)}")));
        AssertSameSequencesPerKey($"{op} meta", ExpectedMeta(expected), got.Meta.Select(m => (m.Key, $"{m.Id}:{m.Bounds}{m.Merged}")));
    }

    /// <summary>Sessions whose ids depend on arrival: each result matched to its window's bounds by id; ids 0..n-1, each emitted or merged once.</summary>
    private static void AssertIdIndependent(string op, RefResult expected, Recorded got, Func<RefWindow, string> value, Func<Emitted, string> render)
    {
        var meta = got.Meta.ToDictionary(m => (m.Key, m.Id));
        Assert.True(got.Down.Count == meta.Count && got.Down.All(d => meta.ContainsKey((d.Key, d.Id))),
            $"{op}: results [{string.Join(", ", got.Down.Select(d => $"{d.Key}:{d.Id}"))}] and metadata [{string.Join(", ", meta.Keys)}] do not name the same windows once each");
        AssertSameSequencesPerKey($"{op} windows by bounds",
            Sorted(expected.Windows.Select(w => (w.Key, $"{w.Open}-{w.Close}:{value(w)}"))),
            Sorted(got.Down.Select(d => (d.Key, $"{meta[(d.Key, d.Id)].Bounds}:{render(d)}"))));
        foreach (var key in got.Meta.GroupBy(m => m.Key))
        {
            var ids = key.Select(m => m.Id).Concat(key.SelectMany(m => m.MergedIds)).Order().ToList();
            Assert.True(ids.SequenceEqual(Enumerable.Range(0, ids.Count).Select(i => (long)i)),
                $"{op} key {key.Key}: emitted and merged session ids [{string.Join(",", ids)}] are not 0..n-1 once each");
        }
    }

    private static IEnumerable<(string Key, string Text)> ExpectedMeta(RefResult expected) =>
        expected.Windows.OrderBy(w => w.ClosedAfter).ThenBy(w => w.Id).Select(w => (w.Key, $"{w.Id}:{w.Open}-{w.Close}"));

    private static void AssertSameSequencesPerKey(string what, IEnumerable<(string Key, string Text)> expected, IEnumerable<(string Key, string Text)> actual)
    {
        var want = expected.ToLookup(e => e.Key, e => e.Text);
        var got = actual.ToLookup(a => a.Key, a => a.Text);
        foreach (var key in want.Select(g => g.Key).Union(got.Select(g => g.Key)).Order(StringComparer.Ordinal))
        {
            Assert.True(want[key].SequenceEqual(got[key]),
                $"{what}, key {key}:\n  expected [{string.Join(" ", want[key])}]\n  actual   [{string.Join(" ", got[key])}]");
        }
    }

    private static IEnumerable<(string Key, string Text)> Sorted(IEnumerable<(string Key, string Text)> items) =>
        items.OrderBy(i => i.Key, StringComparer.Ordinal).ThenBy(i => i.Text, StringComparer.Ordinal);

    private static Dictionary<string, Recorded> RunOperators(WindowCase c, Topology topology, WatermarkScope scope)
    {
        var harness = new FlowHarness(WorkerThreads.UniqueFlowId("wp"));
        var recorded = new Dictionary<string, Recorded>();
        var input = harness.Input("inp", c.Events.Select(e => (e.Key, e)), c.BatchSize);
        var clock = new EventClock<Ev>(e => WindowReference.Time(e.At, _unit), Wait(c), scope: scope);
        var windower = c.Spec.Build(_unit);

        Record(harness, recorded, "fold", input.FoldWindow("fold", clock, windower, () => (Sum: 0L, Trace: ""),
                (acc, e) => (acc.Sum + e.Value, Join(acc.Trace, $"{e.Id}")), (a, b) => (a.Sum + b.Sum, Join(a.Trace, b.Trace)), c.Ordered),
            acc => ($"{acc.Sum}|{acc.Trace}", $"{acc.Sum}|{SortedIds(acc.Trace)}"), e => e);
        Record(harness, recorded, "collect", input.CollectWindow("collect", clock, windower, c.Ordered),
            list => (Ids(list), Ids(list.OrderBy(e => e.Id))), e => e);
        Record(harness, recorded, "count", input.Map("unkey", p => p.Item2).CountWindow("count", clock, windower, e => e.Key),
            count => ($"{count}", $"{count}"), e => e);
        Record(harness, recorded, "reduce_sum", input.ReduceWindow("reduce_sum", clock, windower, (a, b) => a with { Value = a.Value + b.Value }),
            e => ($"{e.Value}", $"{e.Value}"), e => e);
        Record(harness, recorded, "reduce_diff", input.ReduceWindow("reduce_diff", clock, windower, (a, b) => a with { Value = a.Value - b.Value }),
            e => ($"{e.Value}", ""), e => e);
        Record(harness, recorded, "max", input.MaxWindow("max", clock, windower, e => e.Value), e => ($"{e.Value}#{e.Id}", $"{e.Value}"), e => e);
        Record(harness, recorded, "min", input.MinWindow("min", clock, windower, e => e.Value), e => ($"{e.Value}#{e.Id}", $"{e.Value}"), e => e);

        Run(harness, topology);
        return recorded;
    }

    private static Recorded RunJoin(WindowCase c)
    {
        var harness = new FlowHarness(WorkerThreads.UniqueFlowId("wj"));
        var recorded = new Dictionary<string, Recorded>();
        var sides = harness.Input("inp", c.Events.Select(e => (e.Key, e)), batchSize: 1).Branch("side", p => IsLeft(p.Item2));
        var clock = new EventClock<JoinSide<Ev, Ev>>(s => WindowReference.Time(s.Match(l => l.At, r => r.At), _unit), Wait(c));
        Record(harness, recorded, "join", sides.Trues.JoinWindow("join", clock, c.Spec.Build(_unit), sides.Falses, c.Insert, c.Emit, c.Ordered),
            row => (JoinRow(row.Left, row.Right), ""), s => s.Match(l => l, r => r));

        Run(harness, Topology.Single);
        return recorded["join"];
    }

    private static void Run(FlowHarness harness, Topology topology)
    {
        var several = topology != Topology.Single;
        harness.Run(topology.Workers, epochInterval: several ? TimeSpan.FromMilliseconds(1) : null, clock: new ManualClock(WindowReference.Origin), silos: topology.Silos);
        WorkerThreads.AssertNoneAlive(harness.Flow.Id);
    }

    /// <summary>Sends an operator's three streams to sinks, rendered so that every operator compares the same way.</summary>
    private static void Record<TValue, TOut>(FlowHarness harness, Dictionary<string, Recorded> into, string name, WindowOut<TValue, TOut> output,
        Func<TOut, (string Exact, string Loose)> render, Func<TValue, Ev> item)
    {
        var down = harness.Sink<Emitted>();
        var late = harness.Sink<(string Key, long Id, int Item)>();
        var meta = harness.Sink<Closed>();
        output.Down.Map($"{name}_down_render", p => new Emitted(p.Key, p.Value.WindowId, render(p.Value.Value).Exact, render(p.Value.Value).Loose)).Output($"{name}_down", down);
        output.Late.Map($"{name}_late_render", p => (p.Key, p.Value.WindowId, item(p.Value.Value).Id)).Output($"{name}_late", late);
        output.Meta.Map($"{name}_meta_render", p => new Closed(p.Key, p.Value.WindowId, p.Value.Metadata)).Output($"{name}_meta", meta);
        into[name] = new Recorded(down, late, meta);
    }

    private static TimeSpan Wait(WindowCase c) => c.Wait is { } units ? _unit * units : TimeSpan.MaxValue;

    private static bool IsLeft(Ev e) => e.Value % 2 == 0;

    private static string JoinRow(Ev? left, Ev? right) => $"{left?.Id.ToString() ?? "-"}/{right?.Id.ToString() ?? "-"}";

    private static string Ids(IEnumerable<Ev> items) => string.Join(",", items.Select(e => e.Id));

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : $"{a},{b}";

    private static string SortedIds(string trace) => string.Join(",", trace.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Order());

    /// <summary>One random input with the settings it runs under; <see cref="ToString"/> is what FsCheck prints for a counterexample.</summary>
    private sealed record WindowCase(WindowSpec Spec, long? Wait, bool Ordered, int BatchSize, IReadOnlyList<Ev> Events, JoinInsertMode Insert, JoinEmitMode Emit)
    {
        public WindowCase WithEvents(IEnumerable<Ev> events) => this with { Events = [.. events.Select((e, i) => e with { Id = i })] };

        public override string ToString() =>
            $"{Spec}, wait {(Wait is { } w ? $"{w}" : "forever")}, {(Ordered ? "ordered" : "unordered")}, batch {BatchSize}, join {Insert}/{Emit}, " +
            $"{Events.Count} items [{string.Join(" ", Events)}]";
    }

    /// <summary>An operator under test: which of its windows apply items in timestamp order, and its expected result, exact and order-independent.</summary>
    private sealed record Op(string Name, Func<WindowCase, bool> Ordered, Func<IReadOnlyList<Ev>, string> Exact, Func<IReadOnlyList<Ev>, string> Loose);

    /// <summary>A window result as recorded: rendered exactly, and order-independently.</summary>
    private sealed record Emitted(string Key, long Id, string Exact, string Loose);

    /// <summary>A window's metadata as recorded; bounds in units after the origin.</summary>
    private sealed record Closed(string Key, long Id, WindowMetadata Metadata)
    {
        public string Bounds => $"{Units(Metadata.OpenTime)}-{Units(Metadata.CloseTime)}";

        public IEnumerable<long> MergedIds => Metadata.MergedIds;

        public string Merged => Metadata.MergedIds.Count == 0 ? "" : $" merged [{string.Join(",", Metadata.MergedIds.Order())}]";

        private static long Units(DateTimeOffset time) => (time - WindowReference.Origin) / _unit is var units && units == Math.Floor(units)
            ? (long)units
            : throw new InvalidOperationException($"{time:O} is not a whole number of units after the origin");
    }

    /// <summary>The three sinks of one operator.</summary>
    private sealed record Recorded(RecordingSink<Emitted> DownSink, RecordingSink<(string Key, long Id, int Item)> LateSink, RecordingSink<Closed> MetaSink)
    {
        public List<Emitted> Down => DownSink.Items;

        public List<(string Key, long Id, int Item)> Late => LateSink.Items;

        public List<Closed> Meta => MetaSink.Items;
    }
}

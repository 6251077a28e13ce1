using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>A representative set of flows over random integers, each with a LINQ-to-Objects oracle of its output multiset.</summary>
/// <remarks>
/// Order-sensitive flows (running state per key) read one partition, so every key's items reach its worker in input
/// order whatever the worker count; the others read three partitions, so several workers read. Outputs are rendered
/// as strings so that every flow compares the same way.
/// </remarks>
internal static class FlowCatalogue
{
    /// <summary>The time unit of the windowing flows: half a minute; timestamps and window bounds are whole minutes.</summary>
    private static readonly TimeSpan _windowUnit = TimeSpan.FromSeconds(30);

    /// <summary>Waits of 30.5, 200.5 and 400.5 minutes: items more than that behind their key's newest are late.</summary>
    private const long ShortWait = 61;

    private const long MediumWait = 401;

    private const long LongWait = 801;

    /// <summary>More than the whole input's span (1000 minutes): nothing is late, whatever the arrival order.</summary>
    private const long NoLateWait = 2001;

    private static readonly WindowSpec _tumbling = new(WindowKind.Tumbling, 20, 20, 0, 0);
    private static readonly WindowSpec _sliding = new(WindowKind.SlidingOverlapping, 30, 12, 6, 0);
    private static readonly WindowSpec _session = new(WindowKind.Session, 0, 0, 0, 6);

    private static readonly Dictionary<string, Case> _cases = new Case[]
    {
        new("map_filter", false,
            s => s.Map("triple", x => x * 3).Filter("odd", x => x % 2 != 0).Map("render", x => $"{x}"),
            xs => xs.Select(x => x * 3).Where(x => x % 2 != 0).Select(x => $"{x}")),
        new("flat_map_count", false,
            s => s.FlatMap("split", x => new[] { $"m7:{Mod(x, 7)}", $"m11:{Mod(x, 11)}" }).CountFinal("count", w => w).Map("render", p => $"{p.Key}={p.Value}"),
            xs => xs.SelectMany(x => new[] { $"m7:{Mod(x, 7)}", $"m11:{Mod(x, 11)}" }).GroupBy(w => w).Select(g => $"{g.Key}={g.Count()}")),
        new("branch_merge", false,
            s =>
            {
                var branch = s.Branch("even", x => x % 2 == 0);
                return branch.Trues.Map("tens", x => x * 10).Merge("merge", branch.Falses).Map("render", x => $"{x}");
            },
            xs => xs.Select(x => x % 2 == 0 ? x * 10 : x).Select(x => $"{x}")),
        new("redistribute", false,
            s => s.Redistribute("spread").Map("render", x => $"{x}"),
            xs => xs.Select(x => $"{x}")),
        new("redistribute_count", false,
            s => s.Redistribute("spread").CountFinal("count", x => $"{Mod(x, 9)}").Map("render", p => $"{p.Key}={p.Value}"),
            xs => xs.GroupBy(x => Mod(x, 9)).Select(g => $"{g.Key}={g.Count()}")),
        new("running_sum", true,
            s => s.KeyOn("key", x => $"k{Mod(x, 5)}").StatefulMap("sum", (long? sum, int x) => ((sum ?? 0) + x, (sum ?? 0) + x)).Map("render", p => $"{p.Key}:{p.Value}"),
            xs => RunningSums(xs, x => $"k{Mod(x, 5)}").Select(p => $"{p.Key}:{p.Sum}")),
        new("reduce_max_min_fold", false,
            s =>
            {
                var keyed = s.KeyOn("key", x => $"k{Mod(x, 6)}");
                var sums = keyed.ReduceFinal("sum", (a, b) => a + b).Map("render_sum", p => $"sum {p.Key} {p.Value}");
                var maxes = keyed.MaxFinal("max").Map("render_max", p => $"max {p.Key} {p.Value}");
                var mins = keyed.MinFinal("min").Map("render_min", p => $"min {p.Key} {p.Value}");
                var counts = keyed.FoldFinal("fold", () => 0, (c, _) => c + 1).Map("render_count", p => $"count {p.Key} {p.Value}");
                return sums.Merge("all", maxes, mins, counts);
            },
            xs => xs.GroupBy(x => $"k{Mod(x, 6)}").SelectMany(g => new[] { $"sum {g.Key} {g.Sum()}", $"max {g.Key} {g.Max()}", $"min {g.Key} {g.Min()}", $"count {g.Key} {g.Count()}" })),
        new("collect", true,
            s => s.KeyOn("key", x => $"k{Mod(x, 3)}").Collect("collect", TimeSpan.FromSeconds(30), maxSize: 4).Map("render", p => $"{p.Key}:[{string.Join(',', p.Value)}]"),
            xs => xs.GroupBy(x => $"k{Mod(x, 3)}").SelectMany(g => g.Chunk(4).Select(c => $"{g.Key}:[{string.Join(',', c)}]"))),
        new("stateful_count_at_eof", false,
            s => s.KeyOn("key", x => $"k{Mod(x, 4)}").Stateful("count", (int resume) => new CountAtEofLogic(resume)).Map("render", p => $"{p.Key}={p.Value}"),
            xs => xs.GroupBy(x => $"k{Mod(x, 4)}").Select(g => $"{g.Key}={g.Count()}")),
        new("keyed_chain", false,
            s => s.KeyOn("key", x => $"{Mod(x, 3)}")
                .MapValue("inc", x => x + 1)
                .FilterValue("not_four", x => x % 4 != 0)
                .FlatMapValue("both_signs", x => new[] { x, -x })
                .FilterMapValue("positive", x => x > 0 ? (int?)x : null)
                .KeyRm("unkey")
                .Map("render", x => $"{x}"),
            xs => xs.Select(x => x + 1).Where(x => x % 4 != 0).SelectMany(x => new[] { x, -x }).Where(x => x > 0).Select(x => $"{x}")),
        new("two_stateful_steps", true,
            s => s.KeyOn("key", x => $"k{Mod(x, 5)}")
                .StatefulMap("sum", (long? sum, int x) => ((sum ?? 0) + x, (sum ?? 0) + x))
                .KeyRm("unkey")
                .CountFinal("count", sum => $"{Mod(sum, 3)}")
                .Map("render", p => $"{p.Key}={p.Value}"),
            xs => RunningSums(xs, x => $"k{Mod(x, 5)}").GroupBy(p => Mod(p.Sum, 3)).Select(g => $"{g.Key}={g.Count()}")),
        new("enrich_cached", false,
            s => s.EnrichCached<int, int, int, string>("enrich", k => k * k, (cache, x) => $"{x}:{cache.Get(Mod(x, 10))}"),
            xs => xs.Select(x => $"{x}:{Mod(x, 10) * Mod(x, 10)}")),
        new("flat_map_batch_inspect", false,
            s => s.FlatMapBatch("identity", batch => batch).Inspect("look", (_, _) => { }).Map("render", x => $"{x}"),
            xs => xs.Select(x => $"{x}")),
        new("window_tumbling_count", true,
            s => Rendered("count", s.CountWindow("count", WindowClock(ShortWait), _tumbling.Build(_windowUnit), WindowKey), n => $"{n}"),
            xs => WindowOracle(xs, _tumbling, ShortWait, "count", items => $"{items.Count}")),
        new("window_sliding_fold", true,
            s => Rendered("fold", s.KeyOn("key", WindowKey).FoldWindow("fold", WindowClock(LongWait), _sliding.Build(_windowUnit),
                () => "", (trace, x) => $"{trace},{x}", (a, b) => a + b), trace => trace),
            xs => WindowOracle(xs, _sliding, LongWait, "fold", items => string.Concat(items.Select(e => $",{e.Value}")))),
        new("window_session_collect", true,
            s => Rendered("collect", s.KeyOn("key", WindowKey).CollectWindow("collect", WindowClock(MediumWait), _session.Build(_windowUnit)),
                list => $"[{string.Join(',', list)}]"),
            xs => WindowOracle(xs, _session, MediumWait, "collect", items => $"[{string.Join(',', items.Select(e => e.Value))}]")),
        new("window_join", false,
            s =>
            {
                var sides = s.KeyOn("key", WindowKey).Branch("side", p => p.Value % 2 == 0);
                var left = sides.Trues.Map("left", p => (p.Key, (int?)p.Value));
                var right = sides.Falses.Map("right", p => (p.Key, (int?)p.Value));
                var clock = new EventClock<JoinSide<int?, int?>>(side => WindowReference.Time(2L * side.Match(l => l!.Value, r => r!.Value), _windowUnit),
                    _windowUnit * NoLateWait);
                return Rendered("join", left.JoinWindow("join", clock, _tumbling.Build(_windowUnit), right, JoinInsertMode.Product),
                    row => $"{row.Left?.ToString() ?? "-"}/{row.Right?.ToString() ?? "-"}", side => side.Match(l => l!.Value, r => r!.Value));
            },
            xs => WindowOracle(xs, _tumbling, NoLateWait, "join", items =>
                from l in items.Where(e => e.Value % 2 == 0).Select(e => $"{e.Value}").DefaultIfEmpty("-")
                from r in items.Where(e => e.Value % 2 != 0).Select(e => $"{e.Value}").DefaultIfEmpty("-")
                select $"{l}/{r}")),
        new("join_three_product", false,
            s =>
            {
                var keyed = s.KeyOn("key", x => $"k{Mod(x, 40)}");
                var first = keyed.Filter("first", p => Mod(p.Value, 3) == 0).MapValue("first_value", x => (int?)x);
                var second = keyed.Filter("second", p => Mod(p.Value, 3) == 1).MapValue("second_value", x => $"s{x}");
                var third = keyed.Filter("third", p => Mod(p.Value, 3) == 2).MapValue("third_value", x => (long?)x);
                return first.Join("join", second, third, JoinInsertMode.Product, JoinEmitMode.Final)
                    .Map("render", r => $"{r.Key}:{r.Value.First?.ToString() ?? "-"}/{r.Value.Second ?? "-"}/{r.Value.Third?.ToString() ?? "-"}");
            },
            xs => JoinOracle(xs, 3, (side, x) => side == 1 ? $"s{x}" : $"{x}")),
        new("join_many_product", false,
            s =>
            {
                var keyed = s.KeyOn("key", x => $"k{Mod(x, 40)}");
                var sides = Enumerable.Range(0, 4).Select(side => keyed.Filter($"side{side}", p => Mod(p.Value, 4) == side).MapValue($"nullable{side}", x => (int?)x)).ToList();
                return sides[0].Join("join", sides[1..], JoinInsertMode.Product, JoinEmitMode.Final)
                    .Map("render", r => $"{r.Key}:{string.Join('/', r.Value.Select(x => x?.ToString() ?? "-"))}");
            },
            xs => JoinOracle(xs, 4, (_, x) => $"{x}")),
    }.ToDictionary(c => c.Name);

    /// <summary>Every flow name with every seed.</summary>
    public static TheoryData<string, int> NamesAndSeeds
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var name in _cases.Keys)
            {
                foreach (var seed in Seeded.Values)
                {
                    data.Add(name, seed);
                }
            }

            return data;
        }
    }

    /// <summary>Every flow name.</summary>
    public static TheoryData<string> Names => [.. _cases.Keys];

    public static Case Get(string name) => _cases[name];

    /// <summary>Random input: up to 300 integers in [-500, 500].</summary>
    public static List<int> RandomInput(Random random) => Enumerable.Range(0, random.Next(0, 300)).Select(_ => random.Next(-500, 501)).ToList();

    /// <summary>Builds the case over <paramref name="input"/> in <paramref name="harness"/>, reading one or three partitions.</summary>
    public static void Build(FlowHarness harness, Case flowCase, IReadOnlyList<int> input, int batchSize, RecordingSink<string> sink)
    {
        var stream = flowCase.OrderSensitive
            ? harness.Input("inp", input, batchSize)
            : harness.Flow.Input("inp", harness.Track(ListSource<int>.Split(input, 3, batchSize)));
        flowCase.Build(stream).Output("out", sink);
    }

    /// <summary>Asserts that two outputs hold the same items, in any order, showing what differs.</summary>
    public static void AssertSameMultiset(IEnumerable<string> expected, IEnumerable<string> actual, string what)
    {
        var missing = expected.GroupBy(x => x).Select(g => (g.Key, Count: g.Count() - actual.Count(a => a == g.Key))).Where(d => d.Count > 0).ToList();
        var extra = actual.GroupBy(x => x).Select(g => (g.Key, Count: g.Count() - expected.Count(e => e == g.Key))).Where(d => d.Count > 0).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{what}: missing [{string.Join(", ", missing.Take(10).Select(m => $"{m.Key} x{m.Count}"))}], extra [{string.Join(", ", extra.Take(10).Select(e => $"{e.Key} x{e.Count}"))}]");
    }

    /// <summary>What a final product join of <paramref name="sides"/> sides emits, x going to side x mod sides of key x mod 40: per key, every combination of one value per side, "-" for an empty side.</summary>
    private static IEnumerable<string> JoinOracle(IReadOnlyList<int> xs, int sides, Func<int, int, string> render) =>
        from key in xs.GroupBy(x => Mod(x, 40))
        let perSide = Enumerable.Range(0, sides).Select(side => key.Where(x => Mod(x, sides) == side).Select(x => render(side, x)).DefaultIfEmpty("-").ToList())
        from row in perSide.Aggregate((IEnumerable<string>)[""], (rows, values) => rows.SelectMany(row => values.Select(v => row.Length == 0 ? v : $"{row}/{v}")))
        select $"k{key.Key}:{row}";

    private static int Mod(long x, int m) => (int)(((x % m) + m) % m);

    /// <summary>Renders a windowing operator's results, late items and metadata into one stream: <c>{name} key:id=value</c>, <c>late key:id:x</c>, <c>meta key:id:open-close</c>.</summary>
    private static Stream<string> Rendered<TOut>(string name, WindowOut<int, TOut> output, Func<TOut, string> render) =>
        Rendered(name, output, render, x => x);

    private static Stream<string> Rendered<TValue, TOut>(string name, WindowOut<TValue, TOut> output, Func<TOut, string> render, Func<TValue, int> item) =>
        output.Down.Map($"{name}_render", p => $"{name} {p.Key}:{p.Value.WindowId}={render(p.Value.Value)}").Merge($"{name}_all",
            output.Late.Map($"{name}_late_render", p => $"late {p.Key}:{p.Value.WindowId}:{item(p.Value.Value)}"),
            output.Meta.Map($"{name}_meta_render", p => $"meta {p.Key}:{p.Value.WindowId}:{_windowUnits(p.Value.Metadata.OpenTime)}-{_windowUnits(p.Value.Metadata.CloseTime)}"));

    /// <summary>What <see cref="Rendered{TOut}"/> gives, per <see cref="WindowReference"/>: a window's value from its items in timestamp order (ties in arrival order).</summary>
    /// <remarks>
    /// An integer <c>x</c> is keyed <c>k{x mod 3}</c> and stamped <c>x</c> minutes after the origin; with a wait of an
    /// odd number of half-minute units the watermark never lands on a timestamp or window bound, so system time
    /// passing during the run (under 30 s) changes nothing.
    /// </remarks>
    private static IEnumerable<string> WindowOracle(IReadOnlyList<int> xs, WindowSpec spec, long wait, string name, Func<IReadOnlyList<Ev>, IEnumerable<string>> values)
    {
        var result = WindowReference.Compute([.. xs.Select((x, i) => new Ev(WindowKey(x), 2L * x, x, i))], spec, wait);
        return result.Windows.SelectMany(w => values(w.Applied(ordered: true)).Select(v => $"{name} {w.Key}:{w.Id}={v}"))
            .Concat(result.Late.Select(l => $"late {l.Key}:{l.WindowId}:{l.Item.Value}"))
            .Concat(result.Windows.Select(w => $"meta {w.Key}:{w.Id}:{w.Open}-{w.Close}"));
    }

    private static IEnumerable<string> WindowOracle(IReadOnlyList<int> xs, WindowSpec spec, long wait, string name, Func<IReadOnlyList<Ev>, string> value) =>
        WindowOracle(xs, spec, wait, name, items => [value(items)]);

    private static string WindowKey(int x) => $"k{Mod(x, 3)}";

    private static EventClock<int> WindowClock(long wait) => new(x => WindowReference.Time(2L * x, _windowUnit), _windowUnit * wait);

    private static long _windowUnits(DateTimeOffset time) => (long)((time - WindowReference.Origin) / _windowUnit);

    private static IEnumerable<(string Key, long Sum)> RunningSums(IEnumerable<int> xs, Func<int, string> key)
    {
        var sums = new Dictionary<string, long>();
        foreach (var x in xs)
        {
            var k = key(x);
            sums[k] = sums.GetValueOrDefault(k) + x;
            yield return (k, sums[k]);
        }
    }

    /// <summary>A flow of the catalogue: how to build it on an input stream, and what LINQ says it outputs.</summary>
    public sealed record Case(string Name, bool OrderSensitive, Func<Stream<int>, Stream<string>> Build, Func<IReadOnlyList<int>, IEnumerable<string>> Oracle);

    /// <summary>Counts a key's items and emits the count at EOF.</summary>
    private sealed class CountAtEofLogic(int count) : StatefulLogic<int, int, int>
    {
        private int _count = count;

        public override StateAction OnItem(int value, Emitter<int> output)
        {
            _count++;
            return StateAction.Retain;
        }

        public override StateAction OnEof(Emitter<int> output)
        {
            output.Emit(_count);
            return StateAction.Discard;
        }

        public override int Snapshot() => _count;
    }
}

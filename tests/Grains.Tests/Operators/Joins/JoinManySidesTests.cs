using Orleans.Dataflow.Grains.Tests.Operators.Windowing;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Joins;

/// <summary>
/// Joins of three and four sides (typed, with tuple rows, and of one type, with array rows) outside and within
/// windows, against rows worked out by hand from Bytewax's join semantics for every insert and emit mode.
/// </summary>
/// <remarks>
/// <para>Every side is cut from one input of <c>(side, key, value, second)</c> records, read by one worker as one
/// partition: each key's values reach the join in input order whatever the worker count, so each key's rows are
/// exact on one worker and on three, and the tests compare them per key.</para>
/// <para>The window joins use session windows that hold each key's items in one window, an event clock that waits
/// for ever (every window closes at EOF) and timestamps in input order, so Bytewax gives the rows of the join
/// outside windows: one window of everything is the join with an end.</para>
/// </remarks>
public sealed class JoinManySidesTests
{
    private static readonly DateTimeOffset _align = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Three sides. Key a gets two second-side values before its first completion, then a second round; b never gets a second side; c only a second.</summary>
    private static readonly Rec[] _three =
    [
        new(0, "a", "A1", 0), new(1, "a", "10", 1), new(0, "b", "B1", 2), new(1, "a", "12", 3), new(2, "a", "a@1", 4), new(1, "a", "11", 5),
        new(2, "b", "b@1", 6), new(0, "a", "A2", 7), new(0, "a", "A3", 8), new(2, "a", "a@2", 9), new(1, "c", "30", 10),
    ];

    /// <summary>Four sides. Key a gets two second-side and two fourth-side values; b only a first.</summary>
    private static readonly Rec[] _four =
    [
        new(0, "a", "A1", 0), new(1, "a", "10", 1), new(1, "a", "11", 2), new(2, "a", "a@1", 3), new(3, "a", "X1", 4), new(3, "a", "X2", 5),
        new(0, "b", "B1", 6),
    ];

    public static TheoryData<JoinInsertMode, JoinEmitMode, Variant, int> ThreeSideCases => Cases([Variant.Typed, Variant.OneType, Variant.TypedWindow, Variant.OneTypeWindow]);

    public static TheoryData<JoinInsertMode, JoinEmitMode, Variant, int> FourSideCases => Cases([Variant.Typed, Variant.OneType, Variant.TypedWindow, Variant.OneTypeWindow]);

    /// <summary>What Bytewax emits per key for <see cref="_three"/>; P(…) is every combination, first side slowest, "-" for an empty side.</summary>
    private static Dictionary<string, List<string>> ExpectedThree(JoinInsertMode insert, JoinEmitMode emit) => (insert, emit) switch
    {
        // Complete: rows once every side has a value, then the key starts over.
        (JoinInsertMode.First, JoinEmitMode.Complete) => Keyed(a: ["(A1, 10, a@1)", "(A2, 11, a@2)"]),
        (JoinInsertMode.Last, JoinEmitMode.Complete) => Keyed(a: ["(A1, 12, a@1)", "(A3, 11, a@2)"]),
        (JoinInsertMode.Product, JoinEmitMode.Complete) => Keyed(a: [.. P(["A1"], ["10", "12"], ["a@1"]), .. P(["A2", "A3"], ["11"], ["a@2"])]),

        // Final: every key's rows at EOF, missing sides default.
        (JoinInsertMode.First, JoinEmitMode.Final) => Keyed(a: ["(A1, 10, a@1)"], b: ["(B1, -, b@1)"], c: ["(-, 30, -)"]),
        (JoinInsertMode.Last, JoinEmitMode.Final) => Keyed(a: ["(A3, 11, a@2)"], b: ["(B1, -, b@1)"], c: ["(-, 30, -)"]),
        (JoinInsertMode.Product, JoinEmitMode.Final) =>
            Keyed(a: P(["A1", "A2", "A3"], ["10", "12", "11"], ["a@1", "a@2"]), b: ["(B1, -, b@1)"], c: ["(-, 30, -)"]),

        // Running: the key's rows after every value, never forgotten.
        (JoinInsertMode.First, JoinEmitMode.Running) => Keyed(
            a: ["(A1, -, -)", "(A1, 10, -)", "(A1, 10, -)", "(A1, 10, a@1)", "(A1, 10, a@1)", "(A1, 10, a@1)", "(A1, 10, a@1)", "(A1, 10, a@1)"],
            b: ["(B1, -, -)", "(B1, -, b@1)"], c: ["(-, 30, -)"]),
        (JoinInsertMode.Last, JoinEmitMode.Running) => Keyed(
            a: ["(A1, -, -)", "(A1, 10, -)", "(A1, 12, -)", "(A1, 12, a@1)", "(A1, 11, a@1)", "(A2, 11, a@1)", "(A3, 11, a@1)", "(A3, 11, a@2)"],
            b: ["(B1, -, -)", "(B1, -, b@1)"], c: ["(-, 30, -)"]),
        _ => Keyed(
            a:
            [
                .. P(["A1"], [], []), .. P(["A1"], ["10"], []), .. P(["A1"], ["10", "12"], []), .. P(["A1"], ["10", "12"], ["a@1"]),
                .. P(["A1"], ["10", "12", "11"], ["a@1"]), .. P(["A1", "A2"], ["10", "12", "11"], ["a@1"]),
                .. P(["A1", "A2", "A3"], ["10", "12", "11"], ["a@1"]), .. P(["A1", "A2", "A3"], ["10", "12", "11"], ["a@1", "a@2"]),
            ],
            b: ["(B1, -, -)", "(B1, -, b@1)"], c: ["(-, 30, -)"]),
    };

    /// <summary>What Bytewax emits per key for <see cref="_four"/>.</summary>
    private static Dictionary<string, List<string>> ExpectedFour(JoinInsertMode insert, JoinEmitMode emit) => (insert, emit) switch
    {
        (JoinInsertMode.First, JoinEmitMode.Complete) => Keyed(a: ["(A1, 10, a@1, X1)"]),
        (JoinInsertMode.Last, JoinEmitMode.Complete) => Keyed(a: ["(A1, 11, a@1, X1)"]),
        (JoinInsertMode.Product, JoinEmitMode.Complete) => Keyed(a: ["(A1, 10, a@1, X1)", "(A1, 11, a@1, X1)"]),
        (JoinInsertMode.First, JoinEmitMode.Final) => Keyed(a: ["(A1, 10, a@1, X1)"], b: ["(B1, -, -, -)"]),
        (JoinInsertMode.Last, JoinEmitMode.Final) => Keyed(a: ["(A1, 11, a@1, X2)"], b: ["(B1, -, -, -)"]),
        (JoinInsertMode.Product, JoinEmitMode.Final) =>
            Keyed(a: ["(A1, 10, a@1, X1)", "(A1, 10, a@1, X2)", "(A1, 11, a@1, X1)", "(A1, 11, a@1, X2)"], b: ["(B1, -, -, -)"]),
        (JoinInsertMode.First, JoinEmitMode.Running) => Keyed(
            a: ["(A1, -, -, -)", "(A1, 10, -, -)", "(A1, 10, -, -)", "(A1, 10, a@1, -)", "(A1, 10, a@1, X1)", "(A1, 10, a@1, X1)"], b: ["(B1, -, -, -)"]),
        (JoinInsertMode.Last, JoinEmitMode.Running) => Keyed(
            a: ["(A1, -, -, -)", "(A1, 10, -, -)", "(A1, 11, -, -)", "(A1, 11, a@1, -)", "(A1, 11, a@1, X1)", "(A1, 11, a@1, X2)"], b: ["(B1, -, -, -)"]),
        _ => Keyed(
            a:
            [
                "(A1, -, -, -)", "(A1, 10, -, -)", "(A1, 10, -, -)", "(A1, 11, -, -)", "(A1, 10, a@1, -)", "(A1, 11, a@1, -)",
                "(A1, 10, a@1, X1)", "(A1, 11, a@1, X1)", "(A1, 10, a@1, X1)", "(A1, 10, a@1, X2)", "(A1, 11, a@1, X1)", "(A1, 11, a@1, X2)",
            ],
            b: ["(B1, -, -, -)"]),
    };

    public enum Variant
    {
        Typed,
        OneType,
        TypedWindow,
        OneTypeWindow,
    }

    [Theory]
    [MemberData(nameof(ThreeSideCases))]
    public void JoinOfThree_EveryMode_EmitsBytewaxRowsPerKey(JoinInsertMode insert, JoinEmitMode emit, Variant variant, int workers)
    {
        var output = RunThree(variant, insert, emit, workers);

        AssertPerKey(ExpectedThree(insert, emit), output, $"{variant}, {insert} {emit}, {workers} worker(s)");
    }

    [Theory]
    [MemberData(nameof(FourSideCases))]
    public void JoinOfFour_EveryMode_EmitsBytewaxRowsPerKey(JoinInsertMode insert, JoinEmitMode emit, Variant variant, int workers)
    {
        var output = RunFour(variant, insert, emit, workers);

        AssertPerKey(ExpectedFour(insert, emit), output, $"{variant}, {insert} {emit}, {workers} worker(s)");
    }

    [Fact]
    public void JoinOfThree_DefaultModes_AreLastComplete()
    {
        var output = FlowRunner.Run<string>((h, sink) =>
        {
            var (first, second, third) = TypedSides(h, _three);
            first.Join("join", second, third).Map("render", Render).Output("out", sink);
        });

        AssertPerKey(ExpectedThree(JoinInsertMode.Last, JoinEmitMode.Complete), output, "default modes");
    }

    [Fact]
    public void JoinOfThree_CompleteSecondValueBeforeTheThirdSide_KeepsTheLatestWhereChainedJoinsPairTheFirst()
    {
        Rec[] items = [new(0, "a", "N1", 0), new(1, "a", "1", 1), new(1, "a", "2", 2), new(2, "a", "P1", 3)];

        var output = FlowRunner.Run<string>((h, sink) =>
        {
            var (names, numbers, plans) = TypedSides(h, items);
            var chain = names.Join("pair", numbers).Join("with_plan", plans)
                .Map("render_chain", r => $"chain {r.Key}: (({r.Value.Left.Left}, {r.Value.Left.Right}), {r.Value.Right})");
            names.Join("three", numbers, plans).Map("render_three", Render).Merge("both", chain).Output("out", sink);
        });

        Assert.Equal(["a: (N1, 2, P1)", "chain a: ((N1, 1), P1)"], output.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void JoinWindowOfThree_DefaultModes_AreLastFinal()
    {
        RecordingSink<string> down = null!;
        WindowFlow.Run(h =>
        {
            var sides = RecordSides(h, _three);
            sides[0].JoinWindow("join", Clock3(), Session(), sides[1], sides[2]).Down
                .Map("render", w => (w.Key, Row(w.Value.Value.First?.Value, w.Value.Value.Second?.Value, w.Value.Value.Third?.Value)))
                .Map("line", Line).Output("out", down = h.Sink<string>());
        });

        AssertPerKey(ExpectedThree(JoinInsertMode.Last, JoinEmitMode.Final), down.Items, "default window modes");
    }

    [Fact]
    public void JoinWindowOfThree_TumblingFinal_EmitsEachWindowsRowsWithItsId()
    {
        // Windows of 5 s: key a's values fall in windows 0 (A1 10 12 a@1) and 1 (11 A2 A3 a@2), b's in 0 and 1, c's in 2.
        RecordingSink<string> down = null!;
        WindowFlow.Run(h =>
        {
            var sides = RecordSides(h, _three);
            var clock = new EventClock<JoinSide<Rec>>(side => _align.AddSeconds(side.Value.At), TimeSpan.MaxValue);
            sides[0].JoinWindow("join", clock, new TumblingWindower(TimeSpan.FromSeconds(5), _align), [sides[1], sides[2]], JoinInsertMode.Last)
                .Down.Map("line", w => $"{w.Key}: {w.Value.WindowId} {Row(w.Value.Value.Select(r => r?.Value).ToArray())}").Output("out", down = h.Sink<string>());
        });

        Assert.Equal(["a: 0 (A1, 12, a@1)", "a: 1 (A3, 11, a@2)", "b: 0 (B1, -, -)", "b: 1 (-, -, b@1)", "c: 2 (-, 30, -)"], down.Items.Order());
    }

    [Fact]
    public void JoinWindowOfThree_LateSide_GoesToTheLateStreamWithItsSide()
    {
        Rec[] items = [new(0, "a", "A1", 0), new(1, "a", "10", 30), new(2, "a", "late", 1)];
        RecordingSink<string> late = null!;
        WindowFlow.Run(h =>
        {
            var sides = RecordSides(h, items);
            var clock = new EventClock<JoinSide<Rec, Rec, Rec>>(side => _align.AddSeconds(side.Match(r => r.At, r => r.At, r => r.At)), TimeSpan.Zero);
            sides[0].JoinWindow("join", clock, Session(), sides[1], sides[2]).Late
                .Map("line", l => $"{l.Key}: {l.Value.Value.Side} {l.Value.Value.Third!.Value}").Output("out", late = h.Sink<string>());
        });

        Assert.Equal(["a: 2 late"], late.Items);
    }

    [Fact]
    public void JoinOfOneType_OneSide_EmitsOneElementRows()
    {
        // As Bytewax's join of a single stream: every value completes the key at once.
        var output = FlowRunner.Run<string>((h, sink) =>
        {
            var sides = StringSides(h, _three);
            sides[1].Join("join", []).Map("line", r => $"{r.Key}: [{string.Join(' ', r.Value)}]").Output("out", sink);
        });

        Assert.Equal(["a: [10]", "a: [12]", "a: [11]", "c: [30]"], output);
    }

    [Fact]
    public void Join_NullSide_IsRejectedNamingTheStepAndSide()
    {
        var flow = new Dataflow("test_df");
        var keyed = flow.Input("inp", new Testing.TestingSource<int>([1])).KeyOn("key", _ => "k");

        var typed = Assert.Throws<ArgumentNullException>(() => keyed.Join("join3", keyed, (Stream<(string Key, int Value)>)null!));
        var oneType = Assert.Throws<ArgumentNullException>(() => keyed.Join("join_n", [keyed, null!, keyed]));
        var window = Assert.Throws<ArgumentNullException>(() => keyed.JoinWindow("join_w", new SystemClock<JoinSide<int, int, int, int>>(),
            new TumblingWindower(TimeSpan.FromSeconds(1), _align), keyed, keyed, null!));

        Assert.Contains("join 'join3': side 2 (counting from 0) is null", typed.Message, StringComparison.Ordinal);
        Assert.Contains("join 'join_n': side 2 (counting from 0) is null", oneType.Message, StringComparison.Ordinal);
        Assert.Contains("join 'join_w': side 3 (counting from 0) is null", window.Message, StringComparison.Ordinal);
        keyed.Join("join3", keyed, keyed).Map("render", r => $"{r.Key}").Output("out", new Testing.TestingSink<string>([]));
    }

    [Fact]
    public void Join_SideOfAnotherFlow_IsRejectedNamingTheLabelStep()
    {
        var flow = new Dataflow("test_df");
        var other = new Dataflow("other_df");
        var keyed = flow.Input("inp", new Testing.TestingSource<int>([1])).KeyOn("key", _ => "k");
        var foreign = other.Input("inp", new Testing.TestingSource<int>([1])).KeyOn("key", _ => "k");

        var typed = Assert.Throws<InvalidDataflowException>(() => keyed.Join("join", keyed, keyed, foreign));
        var oneType = Assert.Throws<InvalidDataflowException>(() => keyed.Join("join_n", [keyed, foreign]));

        Assert.Contains("step 'join.fourth' in flow 'test_df' takes a stream of flow 'other_df'", typed.Message, StringComparison.Ordinal);
        Assert.Contains("step 'join_n.side2' in flow 'test_df' takes a stream of flow 'other_df'", oneType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Join_UnknownModeOrTooManySides_IsRejectedBeforeTheStepIdIsTaken()
    {
        var flow = new Dataflow("test_df");
        var keyed = flow.Input("inp", new Testing.TestingSource<int>([1])).KeyOn("key", _ => "k");

        Assert.Throws<ArgumentOutOfRangeException>(() => keyed.Join("join", keyed, keyed, (JoinInsertMode)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => keyed.Join("join", [keyed, keyed], emitMode: (JoinEmitMode)42));
        var tooMany = Assert.Throws<ArgumentException>(() => keyed.Join("join", Enumerable.Repeat<Stream<(string Key, int Value)>>(keyed, JoinSide<int>.MaxSides).ToList()));

        Assert.Contains("join 'join' has 257 sides; a join takes at most 256", tooMany.Message, StringComparison.Ordinal);
        keyed.Join("join", keyed, keyed).Map("render", r => $"{r.Key}").Output("out", new Testing.TestingSink<string>([]));
    }

    private static TheoryData<JoinInsertMode, JoinEmitMode, Variant, int> Cases(Variant[] variants)
    {
        var data = new TheoryData<JoinInsertMode, JoinEmitMode, Variant, int>();
        foreach (var insert in Enum.GetValues<JoinInsertMode>())
        {
            foreach (var emit in Enum.GetValues<JoinEmitMode>())
            {
                foreach (var variant in variants)
                {
                    data.Add(insert, emit, variant, 1);
                    data.Add(insert, emit, variant, 3);
                }
            }
        }

        return data;
    }

    private static List<string> RunThree(Variant variant, JoinInsertMode insert, JoinEmitMode emit, int workers)
    {
        return FlowRunner.Run<string>((h, sink) =>
        {
            var lines = variant switch
            {
                Variant.Typed => Typed(h),
                Variant.OneType => OneType(h),
                Variant.TypedWindow => TypedWindow(h),
                _ => OneTypeWindow(h),
            };
            lines.Output("out", sink);
        }, workers);

        Stream<string> Typed(FlowHarness h)
        {
            var (first, second, third) = TypedSides(h, _three);
            return first.Join("join", second, third, insert, emit).Map("render", Render);
        }

        Stream<string> OneType(FlowHarness h)
        {
            var sides = StringSides(h, _three);
            return sides[0].Join("join", [sides[1], sides[2]], insert, emit).Map("render", RenderArray);
        }

        Stream<string> TypedWindow(FlowHarness h)
        {
            var sides = RecordSides(h, _three);
            return sides[0].JoinWindow("join", Clock3(), Session(), sides[1], sides[2], insert, emit).Down
                .Map("render", w => (w.Key, Row(w.Value.Value.First?.Value, w.Value.Value.Second?.Value, w.Value.Value.Third?.Value))).Map("line", Line);
        }

        Stream<string> OneTypeWindow(FlowHarness h)
        {
            var sides = RecordSides(h, _three);
            var clock = new EventClock<JoinSide<Rec>>(side => _align.AddSeconds(side.Value.At), TimeSpan.MaxValue);
            return sides[0].JoinWindow("join", clock, Session(), sides[1..], insert, emit).Down
                .Map("line", w => $"{w.Key}: {Row(w.Value.Value.Select(r => r?.Value).ToArray())}");
        }
    }

    private static List<string> RunFour(Variant variant, JoinInsertMode insert, JoinEmitMode emit, int workers) =>
        FlowRunner.Run<string>((h, sink) =>
        {
            Stream<string> lines;
            if (variant is Variant.Typed or Variant.OneType)
            {
                var s = StringSides(h, _four);
                lines = variant == Variant.Typed
                    ? s[0].Join("join", s[1], s[2], s[3], insert, emit).Map("render", r => Line((r.Key, Row(r.Value.First, r.Value.Second, r.Value.Third, r.Value.Fourth))))
                    : s[0].Join("join", s[1..], insert, emit).Map("render", RenderArray);
            }
            else
            {
                var s = RecordSides(h, _four);
                if (variant == Variant.TypedWindow)
                {
                    var clock = new EventClock<JoinSide<Rec, Rec, Rec, Rec>>(
                        side => _align.AddSeconds(side.Match(r => r.At, r => r.At, r => r.At, r => r.At)), TimeSpan.MaxValue);
                    lines = s[0].JoinWindow("join", clock, Session(), s[1], s[2], s[3], insert, emit).Down.Map("line", w => Line((w.Key,
                        Row(w.Value.Value.First?.Value, w.Value.Value.Second?.Value, w.Value.Value.Third?.Value, w.Value.Value.Fourth?.Value))));
                }
                else
                {
                    var clock = new EventClock<JoinSide<Rec>>(side => _align.AddSeconds(side.Value.At), TimeSpan.MaxValue);
                    lines = s[0].JoinWindow("join", clock, Session(), s[1..], insert, emit).Down
                        .Map("line", w => $"{w.Key}: {Row(w.Value.Value.Select(r => r?.Value).ToArray())}");
                }
            }

            lines.Output("out", sink);
        }, workers);

    /// <summary>Sides 0 to 2 of <paramref name="items"/> with their own types: names, numbers, addresses.</summary>
    private static (KeyedStream<string> First, KeyedStream<int?> Second, KeyedStream<string> Third) TypedSides(FlowHarness h, Rec[] items)
    {
        var records = h.Input("inp", items);
        return (
            records.Filter("is_first", r => r.Side == 0).KeyOn("key_first", r => r.Key).MapValue("first_value", r => r.Value),
            records.Filter("is_second", r => r.Side == 1).KeyOn("key_second", r => r.Key).MapValue("second_value", r => (int?)int.Parse(r.Value, System.Globalization.CultureInfo.InvariantCulture)),
            records.Filter("is_third", r => r.Side == 2).KeyOn("key_third", r => r.Key).MapValue("third_value", r => r.Value));
    }

    private static KeyedStream<string>[] StringSides(FlowHarness h, Rec[] items)
    {
        var records = h.Input("inp", items);
        return [.. Enumerable.Range(0, items.Max(r => r.Side) + 1)
            .Select(side => records.Filter($"is_{side}", r => r.Side == side).KeyOn($"key_{side}", r => r.Key).MapValue($"value_{side}", r => r.Value))];
    }

    private static KeyedStream<Rec>[] RecordSides(FlowHarness h, Rec[] items)
    {
        var records = h.Input("inp", items);
        return [.. Enumerable.Range(0, items.Max(r => r.Side) + 1)
            .Select(side => records.Filter($"is_{side}", r => r.Side == side).KeyOn($"key_{side}", r => r.Key))];
    }

    private static EventClock<JoinSide<Rec, Rec, Rec>> Clock3() =>
        new(side => _align.AddSeconds(side.Match(r => r.At, r => r.At, r => r.At)), TimeSpan.MaxValue);

    /// <summary>A gap longer than any test's input, so each key's items are one session.</summary>
    private static SessionWindower Session() => new(TimeSpan.FromMinutes(10));

    private static string Render((string Key, (string? First, int? Second, string? Third) Value) row) =>
        Line((row.Key, Row(row.Value.First, row.Value.Second?.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Value.Third)));

    private static string RenderArray((string Key, string?[] Value) row) => Line((row.Key, Row(row.Value)));

    private static string Row(params string?[] values) => $"({string.Join(", ", values.Select(v => v ?? "-"))})";

    private static string Line((string Key, string Row) row) => $"{row.Key}: {row.Row}";

    /// <summary>Every combination of one value per side, the first side varying slowest, "-" for a side without values (Python's itertools.product).</summary>
    private static List<string> P(params string[][] sides) =>
        sides.Aggregate(new List<List<string>> { new() }, (rows, side) =>
            [.. rows.SelectMany(row => (side.Length == 0 ? ["-"] : side).Select(value => (List<string>)[.. row, value]))])
        .ConvertAll(row => $"({string.Join(", ", row)})");

    private static Dictionary<string, List<string>> Keyed(List<string>? a = null, List<string>? b = null, List<string>? c = null)
    {
        var keyed = new Dictionary<string, List<string>>();
        foreach (var (key, rows) in new[] { ("a", a), ("b", b), ("c", c) })
        {
            if (rows is { Count: > 0 })
            {
                keyed[key] = rows.ConvertAll(row => $"{key}: {row}");
            }
        }

        return keyed;
    }

    private static void AssertPerKey(Dictionary<string, List<string>> expected, List<string> output, string what)
    {
        var actual = output.GroupBy(line => line[..line.IndexOf(':', StringComparison.Ordinal)]).ToDictionary(g => g.Key, g => g.ToList());
        Assert.True(expected.Keys.Order().SequenceEqual(actual.Keys.Order()),
            $"{what}: keys [{string.Join(", ", actual.Keys.Order())}], expected [{string.Join(", ", expected.Keys.Order())}]");
        foreach (var (key, rows) in expected)
        {
            Assert.True(rows.SequenceEqual(actual[key]), $"{what}, key {key}:\n  expected {string.Join(" ", rows)}\n  actual   {string.Join(" ", actual[key])}");
        }
    }

    /// <summary>An input record: its side, key, value and event time in seconds.</summary>
    private sealed record Rec(int Side, string Key, string Value, int At);
}

using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Unary;

/// <summary>Each stateless operator against LINQ-to-Objects on seeded random input (Trill's TestWhere): one worker, so the order must match too.</summary>
public sealed class UnaryOracleTests
{
    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void Map_RandomInput_MatchesSelect(int seed)
        => AgainstLinq(seed, s => s.Map("m", x => (x * 7) - 3), xs => xs.Select(x => (x * 7) - 3));

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void Filter_RandomInput_MatchesWhere(int seed)
        => AgainstLinq(seed, s => s.Filter("f", x => x % 3 == 0), xs => xs.Where(x => x % 3 == 0));

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void FilterMap_RandomInput_MatchesSelectWhereNotNull(int seed)
    {
        AgainstLinq(seed, s => s.FilterMap("fm", x => x > 0 ? $"+{x}" : null), xs => xs.Where(x => x > 0).Select(x => $"+{x}"));
        AgainstLinq(seed, s => s.FilterMap("fm", x => x > 0 ? (int?)(x * 2) : null), xs => xs.Where(x => x > 0).Select(x => x * 2));
    }

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void FlatMap_RandomInput_MatchesSelectMany(int seed)
        => AgainstLinq(seed, s => s.FlatMap("fm", x => Enumerable.Repeat(x, Math.Abs(x) % 4)), xs => xs.SelectMany(x => Enumerable.Repeat(x, Math.Abs(x) % 4)));

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void FlatMapBatch_RandomInput_MatchesSelectManyOverTheConcatenation(int seed)
        => AgainstLinq(seed, s => s.FlatMapBatch("fmb", batch => batch.Where(x => x % 2 == 0).Select(x => -x)), xs => xs.Where(x => x % 2 == 0).Select(x => -x));

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void Flatten_RandomInput_MatchesSelectMany(int seed)
        => AgainstLinq(seed, s => s.Map("wrap", x => (IEnumerable<int>)Enumerable.Range(x, Math.Abs(x) % 3)).Flatten("flat"), xs => xs.SelectMany(x => Enumerable.Range(x, Math.Abs(x) % 3)));

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void Inspect_RandomInput_IsTheIdentityAndSeesEveryItem(int seed)
    {
        var seen = new List<int>();
        var input = AgainstLinq(seed, s => s.Inspect("look", (_, x) => seen.Add(x)), xs => xs);
        Assert.Equal(input, seen);
    }

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void EnrichCached_RandomInput_MatchesSelectWithLookup(int seed)
        => AgainstLinq(seed, s => s.EnrichCached<int, int, int, string>("enrich", k => k * 10, (cache, x) => $"{x}/{cache.Get(Math.Abs(x) % 13)}"), xs => xs.Select(x => $"{x}/{Math.Abs(x) % 13 * 10}"));

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void Branch_RandomInput_MatchesWhereAndWhereNot(int seed) => Seeded.Run(seed, random =>
    {
        var input = RandomInts(random);
        var harness = new FlowHarness();
        var trues = harness.Sink<int>();
        var falses = harness.Sink<int>();
        var branch = harness.Input("inp", input, random.Next(1, 17)).Branch("b", x => x % 5 < 2);
        branch.Trues.Output("trues", trues);
        branch.Falses.Output("falses", falses);

        harness.Run();

        Assert.Equal(input.Where(x => x % 5 < 2), trues.Items);
        Assert.Equal(input.Where(x => x % 5 >= 2), falses.Items);
    });

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void Merge_RandomInputs_MatchesConcatAsAMultiset(int seed) => Seeded.Run(seed, random =>
    {
        var left = RandomInts(random);
        var right = RandomInts(random);

        var output = FlowRunner.Run<int>((h, sink) => h.Input("left", left, random.Next(1, 17)).Merge("merge", h.Input("right", right, random.Next(1, 17))).Output("out", sink));

        Assert.Equal(left.Concat(right).Order(), output.Order());
    });

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void Redistribute_RandomInput_MatchesTheIdentity(int seed)
        => AgainstLinq(seed, s => s.Redistribute("spread"), xs => xs);

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void KeyOn_RandomInput_MatchesSelectToPairs(int seed)
        => AgainstLinq(seed, s => s.KeyOn("key", x => $"{x % 4}"), xs => xs.Select(x => ($"{x % 4}", x)));

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void KeyedValueOperators_RandomInput_MatchLinqOnValues(int seed)
    {
        AgainstLinq(seed, s => s.KeyOn("key", x => $"{x % 4}").KeyRm("unkey"), xs => xs);
        AgainstLinq(seed, s => s.KeyOn("key", x => $"{x % 4}").MapValue("mv", x => x * x), xs => xs.Select(x => ($"{x % 4}", x * x)));
        AgainstLinq(seed, s => s.KeyOn("key", x => $"{x % 4}").FilterValue("fv", x => x < 0), xs => xs.Where(x => x < 0).Select(x => ($"{x % 4}", x)));
        AgainstLinq(seed, s => s.KeyOn("key", x => $"{x % 4}").FlatMapValue("fmv", x => new[] { x, x + 1 }), xs => xs.SelectMany(x => new[] { ($"{x % 4}", x), ($"{x % 4}", x + 1) }));
        AgainstLinq(seed, s => s.KeyOn("key", x => $"{x % 4}").FilterMapValue("fmv", x => x % 2 == 0 ? $"{x / 2}" : null), xs => xs.Where(x => x % 2 == 0).Select(x => ($"{x % 4}", $"{x / 2}")));
        AgainstLinq(seed, s => s.KeyOn("key", x => $"{x % 4}").FilterMapValue("fmv", x => x % 2 == 0 ? (int?)(x / 2) : null), xs => xs.Where(x => x % 2 == 0).Select(x => ($"{x % 4}", x / 2)));
    }

    /// <summary>Runs <paramref name="op"/> over seeded random input with a random batch size and checks it against <paramref name="linq"/>; returns the input.</summary>
    private static List<int> AgainstLinq<TOut>(int seed, Func<Stream<int>, Stream<TOut>> op, Func<IEnumerable<int>, IEnumerable<TOut>> linq)
    {
        var input = new List<int>();
        Seeded.Run(seed, random =>
        {
            input = RandomInts(random);
            var batchSize = random.Next(1, 17);

            var output = FlowRunner.Run<TOut>((h, sink) => op(h.Input("inp", input, batchSize)).Output("out", sink));

            Assert.Equal(linq(input), output);
        });
        return input;
    }

    private static List<int> RandomInts(Random random) => Enumerable.Range(0, random.Next(0, 400)).Select(_ => random.Next(-1000, 1001)).ToList();
}

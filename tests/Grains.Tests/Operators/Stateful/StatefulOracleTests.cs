using FsCheck;
using FsCheck.Fluent;
using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Stateful;

/// <summary>Keyed stateful operators against LINQ-to-Objects on seeded random input, and one FsCheck property over 1 and 3 workers.</summary>
public sealed class StatefulOracleTests
{
    [Fact]
    public void StatefulMap_RunningSumOfRandomPairs_EqualsLinqScanWithOneAndThreeWorkers()
    {
        var pairs = Gen.Zip(Gen.Elements("a", "b", "c", "d", "e"), Gen.Choose(-100, 100), (key, value) => (Key: key, Value: value)).ArrayOf();

        Prop.ForAll(pairs.ToArbitrary(), items =>
        {
            var expected = new List<(string, long)>();
            var sums = new Dictionary<string, long>();
            foreach (var (key, value) in items)
            {
                sums[key] = sums.GetValueOrDefault(key) + value;
                expected.Add((key, sums[key]));
            }

            var oneWorker = RunningSums(items, workers: 1);
            var threeWorkers = RunningSums(items, workers: 3);

            return oneWorker.SequenceEqual(expected)
                && expected.GroupBy(e => e.Item1).All(key => key.SequenceEqual(threeWorkers.Where(t => t.Item1 == key.Key)))
                && threeWorkers.Count == expected.Count;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void StatefulMap_RandomPairs_MatchesPerKeyScan(int seed) => Seeded.Run(seed, random =>
    {
        var items = RandomPairs(random);
        var expected = items.Select((p, index) => (p.Key, (long)items.Take(index + 1).Where(q => q.Key == p.Key).Sum(q => q.Value)));

        var output = Run<(string, long)>(random, items, s => s.StatefulMap("sum", (long? sum, int v) => ((sum ?? 0) + v, (sum ?? 0) + v)));

        Assert.Equal(expected, output);
    });

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void StatefulFlatMap_RandomPairs_MatchesPerKeyScanOfNewMaxima(int seed) => Seeded.Run(seed, random =>
    {
        var items = RandomPairs(random);
        var maxima = new Dictionary<string, int>();
        var expected = new List<(string, int)>();
        foreach (var (key, value) in items)
        {
            if (!maxima.TryGetValue(key, out var max) || value > max)
            {
                maxima[key] = value;
                expected.Add((key, value));
            }
        }

        var output = Run<(string, int)>(random, items, s => s.StatefulFlatMap("maxima", (int? max, int v) => max is null || v > max ? ((int?)v, new[] { v }) : (max, [])));

        Assert.Equal(expected, output);
    });

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void FinalAggregations_RandomPairs_MatchGroupBy(int seed) => Seeded.Run(seed, random =>
    {
        var items = RandomPairs(random);
        var groups = items.GroupBy(p => p.Key).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();

        Assert.Equal(groups.Select(g => (g.Key, g.Sum(p => p.Value))), Run<(string, int)>(random, items, s => s.ReduceFinal("sum", (a, b) => a + b)));
        Assert.Equal(groups.Select(g => (g.Key, g.Count())), Run<(string, int)>(random, items, s => s.FoldFinal("count", () => 0, (c, _) => c + 1)));
        Assert.Equal(groups.Select(g => (g.Key, g.Max(p => p.Value))), Run<(string, int)>(random, items, s => s.MaxFinal("max")));
        Assert.Equal(groups.Select(g => (g.Key, g.Min(p => p.Value))), Run<(string, int)>(random, items, s => s.MinFinal("min")));
        Assert.Equal(groups.Select(g => (g.Key, (long)g.Count())), Run<(string, long)>(random, items, s => s.CountFinal("count", p => p.Key)));
    });

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void MaxFinalAndMinFinal_RandomRecords_MatchMaxByAndMinBy(int seed) => Seeded.Run(seed, random =>
    {
        var items = RandomPairs(random).Select((p, i) => (p.Key, Value: (Score: p.Value % 10, Id: i))).ToList();
        var groups = items.GroupBy(p => p.Key).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var batchSize = random.Next(1, 17);

        var max = FlowRunner.Run<(string, (int, int))>((h, sink) => h.Input("inp", items, batchSize).MaxFinal("max", v => v.Score).Output("out", sink));
        var min = FlowRunner.Run<(string, (int, int))>((h, sink) => h.Input("inp", items, batchSize).MinFinal("min", v => v.Score).Output("out", sink));

        Assert.Equal(groups.Select(g => (g.Key, g.MaxBy(p => p.Value.Score).Value)), max);
        Assert.Equal(groups.Select(g => (g.Key, g.MinBy(p => p.Value.Score).Value)), min);
    });

    [Theory]
    [MemberData(nameof(Seeded.Seeds), MemberType = typeof(Seeded))]
    public void Collect_RandomPairsWithoutTimeout_MatchesPerKeyChunk(int seed) => Seeded.Run(seed, random =>
    {
        var items = RandomPairs(random);
        var maxSize = random.Next(1, 7);

        var output = Run<(string, List<int>)>(random, items, s => s.Collect("collect", TimeSpan.FromMinutes(1), maxSize));

        // Full lists come out as they fill, in arrival order; the partial ones at EOF, in key order.
        var full = new List<(string, string)>();
        var open = new Dictionary<string, List<int>>();
        foreach (var (key, value) in items)
        {
            var list = open.TryGetValue(key, out var l) ? l : open[key] = [];
            list.Add(value);
            if (list.Count == maxSize)
            {
                full.Add((key, string.Join(',', list)));
                open.Remove(key);
            }
        }

        var expected = full.Concat(open.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => (o.Key, string.Join(',', o.Value))));
        Assert.Equal(expected, output.Select(o => (o.Item1, string.Join(',', o.Item2))));
    });

    private static List<(string Key, long Sum)> RunningSums((string Key, int Value)[] items, int workers)
        => FlowRunner.Run<(string, long)>((h, sink) => h.Input("inp", items, batchSize: 3)
            .StatefulMap("sum", (long? sum, int v) => ((sum ?? 0) + v, (sum ?? 0) + v))
            .Output("out", sink), workers, epochInterval: TimeSpan.FromMilliseconds(1));

    private static List<TOut> Run<TOut>(Random random, List<(string Key, int Value)> items, Func<Stream<(string Key, int Value)>, Stream<TOut>> op)
    {
        var batchSize = random.Next(1, 17);
        return FlowRunner.Run<TOut>((h, sink) => op(h.Input("inp", items, batchSize)).Output("out", sink));
    }

    private static List<(string Key, int Value)> RandomPairs(Random random)
        => Enumerable.Range(0, random.Next(0, 300)).Select(_ => ($"k{random.Next(8)}", random.Next(-50, 51))).ToList();
}

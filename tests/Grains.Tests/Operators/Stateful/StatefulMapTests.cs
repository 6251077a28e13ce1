using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Stateful;

public sealed class StatefulMapTests
{
    [Fact]
    public void StatefulMap_RunningMeanOfKeptItems_MatchesBytewax()
    {
        // Bytewax's test_stateful_map, including its `last_3[:-3]` (which keeps the first item, not the last three).
        static (List<int>? State, double Emit) KeepLastThree(List<int>? lastThree, int value)
        {
            List<int> kept = [.. lastThree ?? [], value];
            if (kept.Count > 3)
            {
                kept = kept[..^3];
            }

            return (kept, kept.Average());
        }

        var output = FlowRunner.Run<(string, double)>((h, sink) => h.Input("inp", [2, 5, 8, 1, 3])
            .KeyOn("key", _ => "ALL")
            .StatefulMap("running_mean", (Func<List<int>?, int, (List<int>?, double)>)KeepLastThree)
            .Output("out", sink));

        Assert.Equal([("ALL", 2.0), ("ALL", 3.5), ("ALL", 5.0), ("ALL", 2.0), ("ALL", 2.5)], output);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void StatefulMap_KeyTableLargeEnoughToPrefetch_EveryKeyKeepsItsOwnRunningCount(int workers)
    {
        // 40,000 keys of 32-byte slots pass the key table's prefetching threshold (256 KiB) on each worker; every key
        // comes three times, interleaved, with keys discarded and made again, so prefetched hashes meet growth and reuse.
        const int keys = 40_000;
        var items = Enumerable.Range(0, 3 * keys).Select(i => $"key{(i * 7919L) % keys}").ToArray();

        var output = FlowRunner.Run<(string, int)>((h, sink) => h.Input("inp", items)
            .KeyOn("key", k => k)
            .StatefulMap("count", (Func<int?, string, (int?, int)>)((seen, _) => (seen == 2 ? null : seen + 1 ?? 1, seen + 1 ?? 1)))
            .Output("out", sink), workers);

        Assert.Equal(3 * keys, output.Count);
        Assert.All(output.GroupBy(e => e.Item1), group => Assert.Equal([1, 2, 3], group.Select(e => e.Item2).Order()));
    }

    [Fact]
    public void StatefulMap_MapperReturnsNullState_NextItemOfKeySeesNoState()
    {
        // Counts to two, then discards: the third item starts again from nothing.
        var output = FlowRunner.Run<(string, string)>((h, sink) => h.Input("inp", ["x", "x", "x", "x", "x"])
            .KeyOn("key", x => x)
            .StatefulMap("count_to_two", (int? seen, string _) => seen == 1 ? ((int?)null, $"{seen}->discard") : (seen + 1 ?? 1, $"{seen?.ToString() ?? "none"}->{seen + 1 ?? 1}"))
            .Output("out", sink));

        Assert.Equal([("x", "none->1"), ("x", "1->discard"), ("x", "none->1"), ("x", "1->discard"), ("x", "none->1")], output);
    }

    [Fact]
    public void StatefulMap_EmitValueNull_IsStillEmitted()
    {
        var output = FlowRunner.Run<(string, string?)>((h, sink) => h.Input("inp", [1, 2])
            .KeyOn("key", _ => "k")
            .StatefulMap("nulls", (string? state, int _) => (state ?? "s", (string?)null))
            .Output("out", sink));

        Assert.Equal([("k", null), ("k", null)], output);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void StatefulMap_RecordWithNullKeyFromAMap_FailsNamingTheStatefulStepAndTheRecord(int workers)
    {
        // KeyOn refuses a null key; a map that makes (key, value) pairs itself does not, and the stateful step is the first to need the key.
        var harness = new FlowHarness();
        harness.Input("inp", [1, 2, 3])
            .Map("pair", x => (x == 2 ? null! : $"k{x}", x))
            .StatefulMap<int, int, int>("sum", (sum, x) => (sum + x, sum + x))
            .Output("out", harness.Sink<(string, int)>());

        var error = Assert.Throws<DataflowException>(() => harness.Run(workers: workers));

        Assert.Equal("sum", error.StepId);
        Assert.Contains("2", error.Item, StringComparison.Ordinal);
        Assert.Contains("null key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StatefulMap_InterleavedKeys_KeepsOneStatePerKey()
    {
        var output = FlowRunner.Run<(string, long)>((h, sink) => h.Input("inp", [("a", 1L), ("b", 10L), ("a", 2L), ("b", 20L), ("a", 3L)])
            .StatefulMap("sum", (long? sum, long value) => ((sum ?? 0) + value, (sum ?? 0) + value))
            .Output("out", sink));

        Assert.Equal([("a", 1L), ("b", 10L), ("a", 3L), ("b", 30L), ("a", 6L)], output);
    }
}

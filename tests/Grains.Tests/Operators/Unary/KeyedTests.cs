using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Unary;

public sealed class KeyedTests
{
    [Fact]
    public void KeyOn_StringKey_EmitsKeyAndItem()
    {
        var output = FlowRunner.Run<(string, int)>((h, sink) => h.Input("inp", [1, 2, 3]).KeyOn("key", x => $"{x}").Output("out", sink));

        Assert.Equal([("1", 1), ("2", 2), ("3", 3)], output);
    }

    [Fact]
    public void KeyOn_KeyFunctionReturnsNull_FailsNamingStepAndItem()
    {
        var harness = new FlowHarness();
        harness.Input("inp", [1, 2, 3]).KeyOn("key", x => x == 2 ? null! : "k").Output("out", harness.Sink<(string, int)>());

        var error = Assert.Throws<DataflowException>(() => harness.Run());

        Assert.Equal("key", error.StepId);
        Assert.Equal("2", error.Item);
        Assert.Contains("returned null", error.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyRm_KeyedStream_EmitsOnlyValues()
    {
        var output = FlowRunner.Run<int>((h, sink) => h.Input("inp", [1, 2, 3]).KeyOn("key", _ => "ALL").KeyRm("unkey").Output("out", sink));

        Assert.Equal([1, 2, 3], output);
    }

    [Fact]
    public void MapValue_AddOne_KeepsKeyAndMapsValue()
    {
        var output = FlowRunner.Run<(string, int)>((h, sink) =>
            h.Input("inp", [0, 1, 2]).KeyOn("key", _ => "ALL").MapValue("add_one", x => x + 1).Output("out", sink));

        Assert.Equal([("ALL", 1), ("ALL", 2), ("ALL", 3)], output);
    }

    [Fact]
    public void FilterValue_OddPredicate_KeepsOddPairs()
    {
        var output = FlowRunner.Run<(string, int)>((h, sink) =>
            h.Input("inp", [1, 2, 3]).KeyOn("key", _ => "ALL").FilterValue("is_odd", x => x % 2 != 0).Output("out", sink));

        Assert.Equal([("ALL", 1), ("ALL", 3)], output);
    }

    [Fact]
    public void FlatMapValue_SplitValues_EmitsEveryPartWithItsKey()
    {
        var output = FlowRunner.Run<(string, string)>((h, sink) =>
            h.Input("inp", [("a", "x y"), ("b", ""), ("c", "z")]).FlatMapValue("split", v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Output("out", sink));

        Assert.Equal([("a", "x"), ("a", "y"), ("c", "z")], output);
    }

    [Fact]
    public void FilterMapValue_ReferenceResultNull_DropsThePair()
    {
        var output = FlowRunner.Run<(string, string)>((h, sink) =>
            h.Input("inp", Enumerable.Range(0, 6).Select(x => ("ALL", x)).ToList())
                .FilterMapValue("odd_none", x => x % 2 != 0 ? null : $"{x + 1}")
                .Output("out", sink));

        Assert.Equal([("ALL", "1"), ("ALL", "3"), ("ALL", "5")], output);
    }

    [Fact]
    public void FilterMapValue_NullableValueResultWithoutValue_DropsThePair()
    {
        var output = FlowRunner.Run<(string, int)>((h, sink) =>
            h.Input("inp", Enumerable.Range(0, 6).Select(x => ("ALL", x)).ToList())
                .FilterMapValue("odd_none", x => x % 2 != 0 ? (int?)null : x + 1)
                .Output("out", sink));

        Assert.Equal([("ALL", 1), ("ALL", 3), ("ALL", 5)], output);
    }
}

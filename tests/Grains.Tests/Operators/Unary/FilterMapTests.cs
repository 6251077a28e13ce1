using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Unary;

public sealed class FilterMapTests
{
    [Fact]
    public void FilterMap_ReferenceResultNull_DropsTheItem()
    {
        var output = FlowRunner.Run<string>((h, sink) =>
            h.Input("inp", [0, 1, 2, 3, 4, 5]).FilterMap("odd_none", x => x % 2 != 0 ? null : $"{x + 1}").Output("out", sink));

        Assert.Equal(["1", "3", "5"], output);
    }

    [Fact]
    public void FilterMap_NullableValueResultWithoutValue_DropsTheItem()
    {
        var output = FlowRunner.Run<int>((h, sink) =>
            h.Input("inp", [0, 1, 2, 3, 4, 5]).FilterMap("odd_none", x => x % 2 != 0 ? (int?)null : x + 1).Output("out", sink));

        Assert.Equal([1, 3, 5], output);
    }

    [Fact]
    public void FilterMap_FalsyButNotNullResults_AreKept()
    {
        var numbers = FlowRunner.Run<int>((h, sink) =>
            h.Input("inp", [0, 1]).FilterMap("zero", _ => (int?)0).Output("out", sink));
        var strings = FlowRunner.Run<string>((h, sink) =>
            h.Input("inp", [0, 1]).FilterMap("empty", _ => string.Empty).Output("out", sink));

        Assert.Equal([0, 0], numbers);
        Assert.Equal(["", ""], strings);
    }
}

using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Unary;

public sealed class MapTests
{
    [Fact]
    public void Map_EachItem_EmitsMapperResultInOrder()
    {
        var output = FlowRunner.Run<int>((h, sink) => h.Input("inp", [0, 1, 2]).Map("add_one", x => x + 1).Output("out", sink));

        Assert.Equal([1, 2, 3], output);
    }

    [Fact]
    public void Map_MapperReturnsNull_EmitsTheNull()
    {
        var output = FlowRunner.Run<string?>((h, sink) =>
            h.Input("inp", ["a", "b"]).Map("null_a", x => x == "a" ? null : x).Output("out", sink));

        Assert.Equal([null, "b"], output);
    }

    [Fact]
    public void Map_ChangesType_EmitsNewType()
    {
        var output = FlowRunner.Run<string>((h, sink) =>
            h.Input("inp", [1, 22, 333]).Map("render", x => $"<{x}>").Output("out", sink));

        Assert.Equal(["<1>", "<22>", "<333>"], output);
    }

    [Fact]
    public void Map_ChainOfMaps_AppliesEachInOrder()
    {
        var output = FlowRunner.Run<int>((h, sink) =>
            h.Input("inp", [1, 2, 3], batchSize: 2).Map("double", x => x * 2).Map("minus_one", x => x - 1).Output("out", sink));

        Assert.Equal([1, 3, 5], output);
    }
}

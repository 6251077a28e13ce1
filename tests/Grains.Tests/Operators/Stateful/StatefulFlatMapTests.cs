using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Stateful;

public sealed class StatefulFlatMapTests
{
    [Fact]
    public void StatefulFlatMap_EmitOnlyWhenGreaterThanLast_MatchesBytewax()
    {
        var output = FlowRunner.Run<(string, int)>((h, sink) => h.Input("inp", [2, 5, 8, 1, 3])
            .KeyOn("key", _ => "ALL")
            .StatefulFlatMap("rising", (int? last, int value) => ((int?)value, last is null || value > last ? new[] { value } : []))
            .Output("out", sink));

        Assert.Equal([("ALL", 2), ("ALL", 5), ("ALL", 8), ("ALL", 3)], output);
    }

    [Fact]
    public void StatefulFlatMap_NullState_DiscardsButStillEmits()
    {
        var output = FlowRunner.Run<(string, string)>((h, sink) => h.Input("inp", [("k", "a"), ("k", "reset"), ("k", "b")])
            .StatefulFlatMap("joined", (string? seen, string value) => value == "reset"
                ? ((string?)null, new[] { $"{seen}|reset", "again" })
                : ($"{seen}{value}", new[] { $"{seen}{value}" }))
            .Output("out", sink));

        Assert.Equal([("k", "a"), ("k", "a|reset"), ("k", "again"), ("k", "b")], output);
    }
}

using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Unary;

public sealed class FilterTests
{
    [Fact]
    public void Filter_OddPredicate_KeepsOddItemsInOrder()
    {
        var output = FlowRunner.Run<int>((h, sink) => h.Input("inp", [1, 2, 3]).Filter("is_odd", x => x % 2 != 0).Output("out", sink));

        Assert.Equal([1, 3], output);
    }

    [Fact]
    public void Filter_PredicateNeverTrue_EmitsNothing()
    {
        var output = FlowRunner.Run<int>((h, sink) => h.Input("inp", [1, 2, 3], batchSize: 3).Filter("never", _ => false).Output("out", sink));

        Assert.Empty(output);
    }
}

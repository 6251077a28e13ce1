using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Branch;

public sealed class BranchTests
{
    [Fact]
    public void Branch_OddPredicate_SplitsIntoTruesAndFalses()
    {
        var harness = new FlowHarness();
        var odds = harness.Sink<int>();
        var evens = harness.Sink<int>();
        var branch = harness.Input("inp", [1, 2, 3]).Branch("is_odd", x => x % 2 != 0);
        branch.Trues.Output("trues", odds);
        branch.Falses.Output("falses", evens);

        harness.Run();

        Assert.Equal([1, 3], odds.Items);
        Assert.Equal([2], evens.Items);
    }

    [Fact]
    public void Branch_TypeTest_SplitsByType()
    {
        var harness = new FlowHarness();
        var ints = harness.Sink<object>();
        var strings = harness.Sink<object>();
        var branch = harness.Input("inp", new object[] { 1, "a", 2, "b" }).Branch("is_int", x => x is int);
        branch.Trues.Output("ints", ints);
        branch.Falses.Output("strings", strings);

        harness.Run();

        Assert.Equal([1, 2], ints.Items);
        Assert.Equal(["a", "b"], strings.Items);
    }

    [Fact]
    public void Branch_HundredThousandItems_KeepsOrderWithinEachBranch()
    {
        var items = Enumerable.Range(0, 100_000).ToList();
        var harness = new FlowHarness();
        var evens = harness.Sink<int>();
        var odds = harness.Sink<int>();
        var branch = harness.Input("inp", items, batchSize: 10).Branch("even", x => x % 2 == 0);
        branch.Trues.Output("evens", evens);
        branch.Falses.Output("odds", odds);

        harness.Run();

        Assert.Equal(items.Where(x => x % 2 == 0), evens.Items);
        Assert.Equal(items.Where(x => x % 2 != 0), odds.Items);
    }

    [Fact]
    public void Branch_OnlyOneSideUsed_OtherSideIsDropped()
    {
        var output = FlowRunner.Run<int>((h, sink) => h.Input("inp", [1, 2, 3, 4]).Branch("small", x => x < 3).Falses.Output("out", sink));

        Assert.Equal([3, 4], output);
    }

    [Fact]
    public void Branch_PredicateThrows_FailsNamingStepAndItem()
    {
        var harness = new FlowHarness();
        var branch = harness.Input("inp", ["a", "bad", "c"]).Branch("check", x => x == "bad" ? throw new FormatException("not a bool") : true);
        branch.Trues.Output("out", harness.Sink<string>());

        var error = Assert.Throws<DataflowException>(() => harness.Run());

        Assert.Equal("check", error.StepId);
        Assert.Equal("\"bad\"", error.Item);
        Assert.IsType<FormatException>(error.InnerException);
    }
}

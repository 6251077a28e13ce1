using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Tests.Support;

namespace Orleans.Dataflow.Grains.Tests.Operators.Output;

public sealed class RaisesTests
{
    [Fact]
    public void Raises_ItemArrives_RunFailsNamingStepAndItem()
    {
        var harness = new FlowHarness();
        harness.Input("inp", [0, 1, 2]).Raises("boom");

        var error = Assert.Throws<DataflowException>(() => harness.Run());

        Assert.Equal("boom", error.StepId);
        Assert.Equal("0", error.Item);
        Assert.Equal("`raises` step 'test_df.boom' got an item: 0", error.InnerException!.Message);
    }

    [Fact]
    public void Raises_StreamStaysEmpty_RunCompletes()
    {
        var harness = new FlowHarness();
        harness.Input("inp", [0, 1, 2]).Filter("none", _ => false).Raises("boom");

        Assert.Equal(ExecutionOutcome.Completed, harness.Run().Outcome);
    }
}

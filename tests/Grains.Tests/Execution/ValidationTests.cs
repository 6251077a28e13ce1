using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Outputs;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Execution;

/// <summary>Flows built wrongly are rejected with <see cref="InvalidDataflowException"/> naming the step, before anything runs.</summary>
public sealed class ValidationTests
{
    [Fact]
    public void Dataflow_DuplicateStepId_ThrowsNamingTheStep()
    {
        var flow = new Dataflow("test_df");
        var input = flow.Input("inp", new TestingSource<int>([1]));

        var error = Assert.Throws<InvalidDataflowException>(() => input.Map("inp", x => x));

        Assert.Equal(("test_df", "inp"), (error.FlowId, error.StepId));
        Assert.Contains("'inp' is used twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dataflow_StepIdClashesWithCompositeScope_ThrowsNamingTheStep()
    {
        var flow = new Dataflow("test_df");
        var input = flow.Input("inp", new TestingSource<string>(["a"]));
        input.CountFinal("count", x => x);

        var error = Assert.Throws<InvalidDataflowException>(() => input.Map("count", x => x));

        Assert.Equal("count", error.StepId);
    }

    [Theory]
    [InlineData("a.b", "contains a period")]
    [InlineData("", "is empty")]
    [InlineData("  ", "is empty")]
    [InlineData("a b", "whitespace")]
    public void Dataflow_InvalidStepId_ThrowsNamingTheStep(string stepId, string reason)
    {
        var flow = new Dataflow("test_df");

        var error = Assert.Throws<InvalidDataflowException>(() => flow.Input(stepId, new TestingSource<int>([1])));

        Assert.Equal(stepId, error.StepId);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Empty(flow.Steps);
    }

    [Theory]
    [InlineData("my.flow")]
    [InlineData("")]
    public void Dataflow_InvalidFlowId_Throws(string flowId)
    {
        Assert.Throws<InvalidDataflowException>(() => new Dataflow(flowId));
    }

    [Fact]
    public void Run_FlowWithoutInput_ThrowsBeforeRunning()
    {
        var error = Assert.Throws<InvalidDataflowException>(() => new FlowHarness().Run());

        Assert.Null(error.StepId);
        Assert.Contains("no input step", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FlowWithoutOutput_ThrowsWithoutOpeningTheSource()
    {
        var harness = new FlowHarness();
        var source = harness.Track(new TestingSource<int>([1, 2]));
        harness.Flow.Input("inp", source).Map("m", x => x);

        var error = Assert.Throws<InvalidDataflowException>(() => harness.Run(workers: 2));

        Assert.Contains("no output step", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, source.Listed);
        Assert.Equal(0, harness.Tracker.Opened);
    }

    [Fact]
    public void Run_FlowWhoseOnlyOutputIsInspect_RunsAsInBytewax()
    {
        var seen = new List<int>();
        var flow = new Dataflow("peek");
        flow.Input("inp", new TestingSource<int>([1, 2])).Inspect("look", (_, item) => seen.Add(item));

        var result = DataflowExecution.Run(flow);

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public void Dataflow_StreamOfAnotherFlow_ThrowsNamingTheStep()
    {
        var first = new Dataflow("first");
        var second = new Dataflow("second");
        var a = first.Input("a", new TestingSource<int>([1]));
        var b = second.Input("b", new TestingSource<int>([2]));

        var error = Assert.Throws<InvalidDataflowException>(() => a.Merge("merge", b));

        Assert.Equal(("first", "merge"), (error.FlowId, error.StepId));
        Assert.Contains("flow 'second'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Steps, s => s.Id == "merge");
    }

    [Fact]
    public void Run_PartitionedSinkWithoutPartitions_ThrowsNamingTheStepWithoutOpeningTheSource()
    {
        var harness = new FlowHarness();
        var source = harness.Track(new TestingSource<(string, int)>([("k", 1)]));
        harness.Flow.Input("inp", source).Output("out", new NoPartitionsSink());

        var error = Assert.Throws<InvalidDataflowException>(() => harness.Run());

        Assert.Equal("out", error.StepId);
        Assert.Equal(0, source.Listed);
    }

    [Fact]
    public void Run_ZeroWorkers_ThrowsBeforeRunning()
    {
        var flow = new Dataflow("test_df");
        flow.Input("inp", new TestingSource<int>([1])).Output("out", new TestingSink<int>([]));

        Assert.Throws<ArgumentOutOfRangeException>(() => DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = 0 }));
    }

    private sealed class NoPartitionsSink : FixedPartitionedSink<int, int>
    {
        public override IReadOnlyList<string> ListParts() => [];

        public override StatefulSinkPartition<int, int> BuildPart(string stepId, string forPart, int resumeState) => throw new InvalidOperationException("never built");
    }
}

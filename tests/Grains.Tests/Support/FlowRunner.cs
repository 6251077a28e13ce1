using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>Builds a flow, runs it with some workers and returns what reached its sink: the one-line way to run an operator test.</summary>
internal static class FlowRunner
{
    /// <summary>Builds the flow with <paramref name="build"/> (which must write to the sink it is given), runs it to completion and returns the sink's items.</summary>
    /// <remarks>Fails the test unless the run completed and every partition was disposed.</remarks>
    public static List<T> Run<T>(Action<FlowHarness, Sink<T>> build, int workers = 1, TimeSpan? epochInterval = null, string flowId = "test_df")
    {
        var harness = new FlowHarness(flowId);
        var sink = harness.Sink<T>();
        build(harness, sink);
        var result = harness.Run(workers, epochInterval);
        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        return sink.Items;
    }
}

using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.TestingHost.Tests;

/// <summary>What a user's test gets from a TestCluster: the flow's results as one process gives them, with records crossing silos through their serde.</summary>
[Collection(SharedTestClusters.Name)]
public sealed class TestClusterTests
{
    [Fact]
    public void Run_KeyedFlowOnTwoSilosOfTwoWorkers_GivesWhatOneProcessGives()
    {
        var words = Enumerable.Range(0, 500).Select(i => $"w{i % 37}").ToList();
        var onCluster = CountWords(words, flow => new TestCluster(2, workersPerSilo: 2).Run(flow));
        var inProcess = CountWords(words, flow => DataflowExecution.Run(flow));

        Assert.Equal(37, onCluster.Count);
        Assert.Equal(inProcess.Order(), onCluster.Order());
    }

    [Fact]
    public void Run_RecordThatCannotBeSerialized_FailsOnTheClusterNamingTheStep()
    {
        var flow = new Dataflow("unserializable");
        flow.Input("inp", new TestingSource<int>(Enumerable.Range(0, 20)))
            .KeyOn("key", i => $"k{i}")
            .MapValue("wrap", i => new Unserializable(() => i))
            .StatefulMap<Unserializable, int, int>("count", (count, _) => (count + 1, count + 1))
            .Output("out", new TestingSink<(string, int)>([]));

        var error = Assert.Throws<DataflowException>(() => new TestCluster(2).Run(flow));

        Assert.Equal("count", error.StepId);
        Assert.Contains("records that cross processes go through their serde", error.Message, StringComparison.Ordinal);
        Assert.IsType<NotSupportedException>(error.InnerException, exactMatch: false);
    }

    [Fact]
    public void Constructor_NoSilos_IsRejected() => Assert.Throws<ArgumentOutOfRangeException>(() => new TestCluster(0));

    private static List<(string, long)> CountWords(List<string> words, Func<Dataflow, ExecutionResult> run)
    {
        var output = new List<(string, long)>();
        var flow = new Dataflow("count_words");
        flow.Input("inp", new TestingSource<string>(words))
            .CountFinal("count", word => word)
            .Output("out", new TestingSink<(string, long)>(output));
        Assert.Equal(ExecutionOutcome.Completed, run(flow).Outcome);
        return output;
    }

    /// <summary>A record with a delegate in it: it cannot leave the process.</summary>
    public sealed record Unserializable(Func<int> Value);
}

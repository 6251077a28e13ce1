using Orleans.Dataflow.Plan;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Tests.Plan;

/// <summary>A flow renders as JSON and as a Mermaid flowchart naming every step, its operator and the streams between steps with their item types.</summary>
public sealed class FlowGraphTests
{
    [Fact]
    public void ToJson_ListsEveryStepWithItsOperatorAndTheStreamsItConsumes()
    {
        var graph = FlowGraph.FromJson(WordCount().ToJson());

        Assert.Equal("words", graph.FlowId);
        Assert.Equal(["read", "split", "count.key", "count.sum", "out"], graph.Steps.Select(s => s.Id));
        Assert.Equal(["input", "flat_map", "count_final", "count_final", "output"], graph.Steps.Select(s => s.Operator));
        Assert.Empty(graph.Steps[0].Inputs);
        Assert.Equal(new FlowGraphInput("read", 0, "String"), Assert.Single(graph.Steps[1].Inputs));
        Assert.Equal(new FlowGraphInput("count.sum", 0, "(String, Int64)"), Assert.Single(graph.Steps[4].Inputs));
    }

    [Fact]
    public void ToMermaid_DrawsANodePerStepAndAnEdgePerStream_NamingTheBranchPorts()
    {
        var flow = new Dataflow("split");
        var numbers = flow.Input("numbers", new TestingSource<int>([1, 2, 3]));
        var (evens, odds) = numbers.Branch("parity", n => n % 2 == 0);
        evens.Output("evens", new TestingSink<int>([]));
        odds.Map("say\"odd\"", n => $"odd {n}").Output("odds", new TestingSink<string>([]));

        var mermaid = flow.ToMermaid();

        Assert.StartsWith("flowchart TD\nsubgraph flow[\"split\"]\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("    s0[\"numbers (input)\"]\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("    s0 -->|\"Int32\"| s1\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("    s1 -->|\"0: Int32\"| s2\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("    s1 -->|\"1: Int32\"| s3\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("s3[\"say#quot;odd#quot; (map)\"]", mermaid, StringComparison.Ordinal);
        Assert.EndsWith("end\n", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_StreamsIntoStatefulRedistributeAndPartitionedSink_SayHowTheyAreExchanged()
    {
        var flow = new Dataflow("exchanges");
        flow.Input("read", new TestingSource<string>(["a"]))
            .Redistribute("spread")
            .CountFinal("count", word => word)
            .Map("line", kv => (kv.Key, $"{kv.Key} {kv.Value}"))
            .Output("out", new Connectors.FileSink(Path.Combine(Path.GetTempPath(), "never-written.txt")));

        var graph = FlowGraph.FromJson(flow.ToJson());

        Assert.Equal(
            [null, FlowGraphInput.RoundRobin, null, FlowGraphInput.ByKey, null, FlowGraphInput.ByPartition],
            graph.Steps.Select(s => s.Inputs.SingleOrDefault()?.Exchange));
    }

    [Fact]
    public void ToJson_StreamThatStaysOnItsWorker_HasNoExchangeProperty_AndAGraphWrittenWithoutThemReadsBack()
    {
        const string written = """{"flowId": "old", "steps": [{"id": "read", "operator": "input", "inputs": []}, {"id": "out", "operator": "output", "inputs": [{"step": "read", "port": 0, "type": "String"}]}]}""";

        Assert.Single(WordCount().ToJson().Split('\n'), line => line.Contains("\"exchange\"", StringComparison.Ordinal));
        Assert.Null(FlowGraph.FromJson(written).Steps[1].Inputs[0].Exchange);
    }

    [Fact]
    public void ToMermaid_ExchangedStream_IsAThickEdgeSayingHow()
    {
        var mermaid = WordCount().ToMermaid();

        Assert.Contains("    s2 ==>|\"(String, Int64), by key\"| s3\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("    s0 -->|\"String\"| s1\n", mermaid, StringComparison.Ordinal);
    }

    private static Dataflow WordCount()
    {
        var flow = new Dataflow("words");
        flow.Input("read", new TestingSource<string>(["a b", "b"]))
            .FlatMap("split", line => line.Split(' '))
            .CountFinal("count", word => word)
            .Output("out", new TestingSink<(string, long)>([]));
        return flow;
    }
}

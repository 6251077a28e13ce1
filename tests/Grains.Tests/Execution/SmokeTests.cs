using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Execution;

public class SmokeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void WordCount_AnyWorkerCount_CountsEveryWord(int workers)
    {
        var lines = Enumerable.Range(0, 2000).Select(i => $"w{i % 7} w{i % 13} x").ToList();
        var flow = new Dataflow("wc");
        var output = new List<(string Key, long Value)>();
        flow.Input("in", new TestingSource<string>(lines, batchSize: 50))
            .FlatMap("split", l => l.Split(' '))
            .CountFinal("count", w => w)
            .Output("out", new TestingSink<(string Key, long Value)>(output));
        var result = DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = workers, EpochInterval = TimeSpan.FromMilliseconds(5) });
        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        var expected = lines.SelectMany(l => l.Split(' ')).GroupBy(w => w).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)), output.OrderBy(p => p.Key));
    }
}

using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Operators;
using Orleans.Dataflow.Grains.Operators.Combine;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Tests.Operators.Combine;

/// <summary>The sending side of a local-global aggregation: one merged value per key and epoch, sent in that epoch and before the progress that closes it.</summary>
public sealed class PreCombineOperatorTests
{
    [Fact]
    public void ValuesOfOneEpoch_AreMergedPerKey_AndSentBeforeTheProgressThatClosesTheEpoch()
    {
        var (merge, seen) = NewMerge();

        merge.OnBatch(1, new ArraySegment<(string, long)>([("a", 1), ("b", 1), ("a", 1)]));
        merge.OnBatch(1, new ArraySegment<(string, long)>([("a", 1)]));
        Assert.Empty(seen);

        merge.OnProgress(0, 2);

        Assert.Equal(["data 1 a=3", "data 1 b=1"], seen[..^1].Order(StringComparer.Ordinal));
        Assert.Equal("progress 2", seen[^1]);
    }

    [Fact]
    public void ItemsOfALaterEpoch_SendWhatTheEarlierEpochMerged_InTheEarlierEpoch()
    {
        var (merge, seen) = NewMerge();

        merge.OnBatch(1, new ArraySegment<(string, long)>([("a", 2)]));
        merge.OnBatch(2, new ArraySegment<(string, long)>([("a", 5)]));
        merge.OnProgress(0, long.MaxValue);

        Assert.Equal(["data 1 a=2", "data 2 a=5", $"progress {long.MaxValue}"], seen);
    }

    [Fact]
    public void RecordWithNullKey_FailsNamingTheStatefulStepAndTheRecord()
    {
        var (merge, _) = NewMerge();

        var error = Assert.Throws<DataflowException>(() => merge.OnBatch(1, new ArraySegment<(string, long)>([("a", 1), (null!, 7)])));

        Assert.Equal("count.sum", error.StepId);
        Assert.Contains("7", error.Item, StringComparison.Ordinal);
        Assert.Contains("null key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CountFinal_OnTwoWorkersOverSeveralEpochs_CountsAsOneWorkerDoes()
    {
        var words = Enumerable.Range(0, 3000).Select(i => $"w{i % 37}").ToList();
        var expected = words.GroupBy(w => w).ToDictionary(g => g.Key, g => (long)g.Count());
        foreach (var workers in new[] { 1, 2, 3 })
        {
            var harness = new FlowHarness();
            var sink = harness.Sink<(string, long)>();
            harness.Input("words", words, batchSize: 50)
                .CountFinal("count", w => w)
                .Output("out", sink);

            harness.Run(workers: workers, epochInterval: TimeSpan.FromMilliseconds(1));

            Assert.Equal(expected, sink.Items.ToDictionary(p => p.Item1, p => p.Item2));
        }
    }

    private static (PreCombineOperator<long> Merge, List<string> Seen) NewMerge()
    {
        var context = new OperatorContext(new StepContext("flow", "count.sum", 0, 2), new ExecutionOptions(), ResumePoint.Fresh, null);
        var merge = new PreCombineOperator<long>(context, static (a, b) => a + b);
        var seen = new List<string>();
        var receiver = new Recorder(seen);
        merge.Output.Connect(receiver, receiver, 0);
        return (merge, seen);
    }

    private sealed class Recorder(List<string> seen) : IBatchReceiver<(string Key, long Value)>, IProgressReceiver
    {
        public void OnBatch(long epoch, ArraySegment<(string Key, long Value)> items)
            => seen.AddRange(items.Select(i => $"data {epoch} {i.Key}={i.Value}"));

        public void OnProgress(int channel, long frontier) => seen.Add($"progress {frontier}");
    }
}

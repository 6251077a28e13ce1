using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Testing;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Grains.Tests.Operators;

/// <summary>Error policies: a record a step's code throws on fails the run (the default), is skipped, or goes to a dead-letter sink, on every kind of step that runs code per record.</summary>
public sealed class ErrorPolicyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Map_SkipPolicy_RecordsThatThrowArePassedOverAndTheRestGoOn(int workers)
    {
        var output = new List<int>();
        var flow = new Dataflow("skip");
        flow.Input("inp", new TestingSource<int>(Enumerable.Range(1, 40), batchSize: 6))
            .Map("parse", i => i % 7 == 0 ? throw new FormatException($"bad {i}") : i * 10).OnError(ErrorPolicy.Skip)
            .Output("out", new TestingSink<int>(output));

        DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = workers });

        Assert.Equal(Enumerable.Range(1, 40).Where(i => i % 7 != 0).Select(i => i * 10), output.Order());
    }

    [Fact]
    public void Filter_FlowDefaultSkip_AppliesToAStepWithoutAPolicyOfItsOwn()
    {
        var output = new List<int>();
        var flow = new Dataflow("default") { ErrorPolicy = ErrorPolicy.Skip };
        flow.Input("inp", new TestingSource<int>(Enumerable.Range(1, 10), batchSize: 10))
            .Filter("even", i => i == 5 ? throw new InvalidOperationException("five") : i % 2 == 0)
            .Output("out", new TestingSink<int>(output));

        DataflowExecution.Run(flow, new ExecutionOptions());

        Assert.Equal([2, 4, 6, 8, 10], output);
    }

    [Fact]
    public void Map_DefaultPolicy_FailsTheRunNamingStepAndRecord()
    {
        var flow = new Dataflow("fail");
        flow.Input("inp", new TestingSource<int>([1, 2, 3]))
            .Map("parse", i => i == 2 ? throw new FormatException("bad two") : i)
            .Output("out", new TestingSink<int>([]));

        var error = Assert.Throws<DataflowException>(() => DataflowExecution.Run(flow, new ExecutionOptions()));

        Assert.Equal("parse", error.StepId);
        Assert.Contains("2", error.Item, StringComparison.Ordinal);
    }

    [Fact]
    public void FlatMap_DeadLetterPolicy_WritesTheRecordStepEpochAndError()
    {
        var output = new List<string>();
        var letters = new List<DeadLetter>();
        var flow = new Dataflow("dlq");
        flow.Input("inp", new TestingSource<string>(["a b", "boom", "c"]))
            .FlatMap("split", line => line == "boom" ? throw new InvalidDataException("not words") : line.Split(' '))
            .OnError(ErrorPolicy.DeadLetter(new TestingSink<DeadLetter>(letters)))
            .Output("out", new TestingSink<string>(output));

        DataflowExecution.Run(flow, new ExecutionOptions());

        Assert.Equal(["a", "b", "c"], output);
        var letter = Assert.Single(letters);
        Assert.Equal(("dlq", "split", 0, "boom"), (letter.FlowId, letter.StepId, letter.Worker, letter.Record));
        Assert.IsType<InvalidDataException>(letter.Error);
        Assert.True(letter.Epoch >= 1);
        Assert.Contains("split", letter.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void StatefulMap_SkipPolicy_KeysStateGoesOnWithoutTheRecord(int workers)
    {
        var output = new List<(string Key, long Value)>();
        var flow = new Dataflow("stateful");
        flow.Input("inp", new TestingSource<(string, long)>(Enumerable.Range(1, 30).Select(i => ($"k{i % 3}", (long)i)), batchSize: 4))
            .StatefulMap("sum", (long sum, long value) => value == 13 ? throw new ArithmeticException("thirteen") : (sum + value, sum + value))
            .OnError(ErrorPolicy.Skip)
            .Output("out", new TestingSink<(string Key, long Value)>(output));

        DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = workers });

        var expected = Enumerable.Range(1, 30).Where(i => i != 13).GroupBy(i => $"k{i % 3}").ToDictionary(g => g.Key, g => (long)g.Sum());
        Assert.Equal(expected, output.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Max(o => o.Value)));
        Assert.Equal(29, output.Count);
    }

    [Fact]
    public void FoldWindow_SkipPolicyOnItsOutput_CoversTheWindowStepsFolder()
    {
        var output = new List<(string Key, (long WindowId, long Value) Value)>();
        var flow = new Dataflow("window");
        var start = DateTimeOffset.UnixEpoch;
        var sums = flow.Input("inp", new TestingSource<(string, (DateTimeOffset At, long Value))>(
                Enumerable.Range(0, 20).Select(i => ("k", (start.AddSeconds(i), (long)i))), batchSize: 5))
            .FoldWindow("sum", new EventClock<(DateTimeOffset At, long Value)>(e => e.At, TimeSpan.Zero), new TumblingWindower(TimeSpan.FromSeconds(10), start),
                () => 0L, (acc, e) => e.Value == 4 ? throw new InvalidOperationException("four") : acc + e.Value, (a, b) => a + b);
        sums.Down.OnError(ErrorPolicy.Skip).Output("out", new TestingSink<(string Key, (long WindowId, long Value) Value)>(output));

        DataflowExecution.Run(flow, new ExecutionOptions());

        Assert.Equal([(0L, 45L - 4), (1L, 145L)], output.Select(o => o.Value).Order());
    }

    [Fact]
    public void Branch_SkipPolicy_RecordThePredicateThrowsOnGoesNowhere()
    {
        var trues = new List<int>();
        var falses = new List<int>();
        var flow = new Dataflow("branch");
        var split = flow.Input("inp", new TestingSource<int>(Enumerable.Range(1, 6), batchSize: 6))
            .Branch("small", i => i == 3 ? throw new InvalidOperationException("three") : i < 4);
        split.Trues.OnError(ErrorPolicy.Skip).Output("yes", new TestingSink<int>(trues));
        split.Falses.Output("no", new TestingSink<int>(falses));

        DataflowExecution.Run(flow, new ExecutionOptions());

        Assert.Equal([1, 2], trues);
        Assert.Equal([4, 5, 6], falses);
    }

    [Fact]
    public void Resume_SkipPolicy_SkippedRecordStaysSkippedAfterRecovery()
    {
        var items = Enumerable.Range(1, 40).Select(i => (TestingItem<(string, long)>)($"k{i % 4}", (long)i)).ToList();
        var uninterrupted = RunSums(items, new InMemoryRecoveryStore(), ExecutionOutcome.Completed);
        var store = new InMemoryRecoveryStore();
        var aborting = items.Take(30).Append(TestingMarker.Abort()).Concat(items.Skip(30)).ToList();

        RunSums(aborting, store, ExecutionOutcome.Aborted);
        var resumed = RunSums(aborting, store, ExecutionOutcome.Completed);

        Assert.Equal(Final(uninterrupted), Final(resumed));
    }

    [Fact]
    public void Map_SkipPolicyWithARecordLog_LogsTheFirstTenPassedOverNamingStepAndRecord()
    {
        var log = new RecordingLogger();
        var flow = new Dataflow("logged");
        flow.Input("inp", new TestingSource<int>(Enumerable.Range(1, 100), batchSize: 10))
            .Map("parse", i => i % 4 == 0 ? throw new FormatException($"bad {i}") : i).OnError(ErrorPolicy.Skip)
            .Output("out", new TestingSink<int>([]));

        DataflowExecution.Run(flow, new ExecutionOptions { RecordLog = log });

        Assert.Equal(10, log.Entries.Count);
        var first = log.Entries[0];
        Assert.Equal((Microsoft.Extensions.Logging.LogLevel.Warning, "RecordPassedOver"), (first.Level, first.EventName));
        Assert.Contains("step parse", first.Message, StringComparison.Ordinal);
        Assert.Contains("record 4", first.Message, StringComparison.Ordinal);
        Assert.IsType<FormatException>(first.Error);
    }

    [Fact]
    public void OnError_StreamOfAnInputStep_ThrowsNamingIt()
    {
        var flow = new Dataflow("input");
        var input = flow.Input("inp", new TestingSource<int>([1]));

        var error = Assert.Throws<InvalidOperationException>(() => input.OnError(ErrorPolicy.Skip));

        Assert.Contains("step 'inp'", error.Message, StringComparison.Ordinal);
    }

    private static List<(string Key, long Value)> RunSums(List<TestingItem<(string, long)>> items, IRecoveryStore store, ExecutionOutcome expected)
    {
        var output = new List<(string Key, long Value)>();
        var flow = new Dataflow("skip-resume");
        flow.Input("inp", new TestingSource<(string, long)>(items))
            .StatefulMap("sum", (long sum, long value) => value % 9 == 0 ? throw new ArithmeticException("a ninth") : (sum + value, sum + value))
            .OnError(ErrorPolicy.Skip)
            .Output("out", new TestingSink<(string Key, long Value)>(output));

        var result = DataflowExecution.Run(flow, new ExecutionOptions { EpochInterval = TimeSpan.Zero, Recovery = store });

        Assert.Equal(expected, result.Outcome);
        return output;
    }

    private static Dictionary<string, long> Final(List<(string Key, long Value)> sums)
        => sums.GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    /// <summary>Keeps what is logged to it.</summary>
    private sealed class RecordingLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<(Microsoft.Extensions.Logging.LogLevel Level, string? EventName, string Message, Exception? Error)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, eventId.Name, formatter(state, exception), exception));
            }
        }
    }
}

using System.Globalization;
using Orleans.Dataflow.Connectors;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Operators.Connectors;

/// <summary>The built-in connectors inside running flows, on one and several workers (their partitions alone are tested in Abstractions.Tests).</summary>
public sealed class ConnectorFlowTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dataflow-connectors-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void DirSource_FiveFiles_EveryLineReadOnceOnAnyWorkerCount(int workers)
    {
        var expected = new List<string>();
        foreach (var name in new[] { "one", "two", "three", "four", "five" })
        {
            var lines = Enumerable.Range(1, 6).Select(i => $"{name}{i}").ToList();
            File.WriteAllLines(Path.Combine(_dir, $"{name}.txt"), lines);
            expected.AddRange(lines);
        }

        var output = new List<string>();
        var flow = new Dataflow("dir");
        flow.Input("read", new DirSource(_dir, "*.txt", batchSize: 2)).Output("out", new TestingSink<string>(output));

        DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = workers });

        Assert.Equal(expected.Order(StringComparer.Ordinal), output.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void FileSink_KeyedLines_WritesEveryValueOnceFromAnyWorkerCount(int workers)
    {
        var path = Path.Combine(_dir, "out.txt");
        File.WriteAllText(path, "old contents of the file\n");
        var flow = new Dataflow("sink");
        flow.Input("read", new TestingSource<int>(Enumerable.Range(0, 100), batchSize: 7))
            .KeyOn("key", i => $"k{i % 10}")
            .MapValue("text", i => i.ToString(CultureInfo.InvariantCulture))
            .Output("write", new FileSink(path));

        DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = workers });

        var written = File.ReadAllLines(path);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"{i}"), workers == 1 ? written : written.OrderBy(int.Parse));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void DirSink_KeyedLines_EachKeyInOneFileEveryValueOnceFromAnyWorkerCount(int workers)
    {
        var directory = Path.Combine(_dir, "out");
        var flow = new Dataflow("dirsink");
        flow.Input("read", new TestingSource<int>(Enumerable.Range(0, 300), batchSize: 7))
            .KeyOn("key", i => $"k{i % 20}")
            .MapValue("text", i => $"k{i % 20}:{i}")
            .Output("write", new DirSink(directory, 4));

        DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = workers });

        var files = Enumerable.Range(0, 4).Select(i => File.ReadAllLines(Path.Combine(directory, $"part_{i}"))).ToList();
        Assert.Equal(Enumerable.Range(0, 300), files.SelectMany(f => f).Select(line => int.Parse(line[(line.IndexOf(':') + 1)..], CultureInfo.InvariantCulture)).Order());
        foreach (var key in Enumerable.Range(0, 20).Select(k => $"k{k}:"))
        {
            Assert.Single(files, f => f.Any(line => line.StartsWith(key, StringComparison.Ordinal)));
        }

        foreach (var file in files)
        {
            // A key's values come from one source partition in order, and one file is written by one worker.
            foreach (var key in file.GroupBy(line => line[..line.IndexOf(':')]))
            {
                var values = key.Select(line => int.Parse(line[(line.IndexOf(':') + 1)..], CultureInfo.InvariantCulture)).ToList();
                Assert.Equal(values.Order(), values);
            }
        }
    }

    [Fact]
    public void DirSink_ResumedAfterAbort_FilesEqualAnUninterruptedRun()
    {
        var straight = Path.Combine(_dir, "straight");
        var resumed = Path.Combine(_dir, "resumed");
        var items = Enumerable.Range(0, 60).Select(i => (TestingItem<int>)i).ToList();
        RunDirSinkFlow(items, straight, new Grains.Recovery.InMemoryRecoveryStore(), ExecutionOutcome.Completed);
        var store = new Grains.Recovery.InMemoryRecoveryStore();
        var aborting = items.Take(37).Append(TestingMarker.Abort()).Concat(items.Skip(37)).ToList();

        RunDirSinkFlow(aborting, resumed, store, ExecutionOutcome.Aborted);
        RunDirSinkFlow(aborting, resumed, store, ExecutionOutcome.Completed);

        foreach (var name in Enumerable.Range(0, 3).Select(i => $"part_{i}"))
        {
            Assert.Equal(File.ReadAllText(Path.Combine(straight, name)), File.ReadAllText(Path.Combine(resumed, name)));
        }
    }

    private static void RunDirSinkFlow(List<TestingItem<int>> items, string directory, Grains.Recovery.IRecoveryStore store, ExecutionOutcome expected)
    {
        var flow = new Dataflow("dirsink-resume");
        flow.Input("read", new TestingSource<int>(items))
            .KeyOn("key", i => $"k{i % 5}")
            .MapValue("text", i => i.ToString(CultureInfo.InvariantCulture))
            .Output("write", new DirSink(directory, 3));

        var result = DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = 1, EpochInterval = TimeSpan.Zero, Recovery = store });

        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public void EnumerableSource_AbortedThenResumed_StateSeesEveryItemOnce()
    {
        var store = new Grains.Recovery.InMemoryRecoveryStore();
        var abort = true;
        IEnumerable<int> Items()
        {
            for (var i = 1; i <= 60; i++)
            {
                if (i == 38 && abort)
                {
                    abort = false;
                    throw new Inputs.AbortExecutionException("the test aborts the first run here");
                }

                yield return i;
            }
        }

        var first = RunSums(new EnumerableSource<int>(Items, batchSize: 1), store, ExecutionOutcome.Aborted);
        var second = RunSums(new EnumerableSource<int>(Items, batchSize: 1), store, ExecutionOutcome.Completed);

        var expected = Enumerable.Range(1, 60).GroupBy(i => $"k{i % 4}").ToDictionary(g => g.Key, g => (long)g.Sum());
        Assert.NotEmpty(first);
        Assert.Equal(expected, second.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AsyncEnumerableSource_InAFlow_EveryItemOnceOnAnyWorkerCount(int workers)
    {
        static async IAsyncEnumerable<int> Items([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token = default)
        {
            for (var i = 0; i < 200; i++)
            {
                if (i % 50 == 0)
                {
                    await Task.Delay(5, token);
                }

                yield return i;
            }
        }

        var output = new List<(string Key, long Value)>();
        var flow = new Dataflow("async");
        flow.Input("read", new AsyncEnumerableSource<int>(token => Items(token), batchSize: 16))
            .KeyOn("key", i => $"k{i % 3}")
            .MapValue("value", i => (long)i)
            .Output("out", new TestingSink<(string Key, long Value)>(output));

        DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = workers });

        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), output.Select(p => p.Value).Order());
    }

    private static List<(string Key, long Value)> RunSums(EnumerableSource<int> source, Grains.Recovery.IRecoveryStore store, ExecutionOutcome expected)
    {
        var output = new List<(string Key, long Value)>();
        var flow = new Dataflow("enumerable-resume");
        flow.Input("read", source)
            .KeyOn("key", i => $"k{i % 4}")
            .MapValue("value", i => (long)i)
            .StatefulMap<long, long, long>("sum", (sum, value) => (sum + value, sum + value))
            .Output("out", new TestingSink<(string Key, long Value)>(output));

        var result = DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = 1, EpochInterval = TimeSpan.Zero, Recovery = store });

        Assert.Equal(expected, result.Outcome);
        return output;
    }

    [Fact]
    public void CsvSource_InAFlow_EmitsOneDictionaryPerRow()
    {
        var path = Path.Combine(_dir, "readings.csv");
        File.WriteAllText(path, "sensor,value\na,1\nb,2\na,3\n");
        var output = new List<(string Key, long Value)>();
        var flow = new Dataflow("csv");
        flow.Input("read", new CsvSource(path))
            .KeyOn("sensor", row => row["sensor"]!)
            .MapValue("value", row => long.Parse(row["value"]!, CultureInfo.InvariantCulture))
            .ReduceFinal("sum", (a, b) => a + b)
            .Output("out", new TestingSink<(string Key, long Value)>(output));

        DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = 2 });

        Assert.Equal([("a", 4L), ("b", 2L)], output.OrderBy(p => p.Key));
    }

    [Fact]
    public void SimplePollingSource_InAFlow_PollsOnItsIntervalWithoutOtherInputAndEnds()
    {
        var output = new List<int>();
        var flow = new Dataflow("poll");
        flow.Input("poll", new Counter(TimeSpan.FromMilliseconds(20), stopAfter: 3)).Output("out", new TestingSink<int>(output));
        var started = DateTimeOffset.UtcNow;

        var result = DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = 2 });

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal([1, 2, 3], output);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromMilliseconds(40), "three polls 20 ms apart take at least 40 ms");
    }

    [Fact]
    public void SimplePollingSource_ZeroInterval_PollsAsOftenAsTheEngineAsks()
    {
        var output = new List<int>();
        var flow = new Dataflow("poll");
        flow.Input("poll", new Counter(TimeSpan.Zero, stopAfter: 5000)).Output("out", new TestingSink<int>(output));

        var result = DataflowExecution.Run(flow, new ExecutionOptions { WorkerCount = 2 });

        // One item per poll, polled again at once: with any wait between polls 5000 of them would take seconds.
        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal(Enumerable.Range(1, 5000), output);
    }

    /// <summary>Polls 1, 2, 3, ... and ends after <c>stopAfter</c> items.</summary>
    private sealed class Counter(TimeSpan interval, int stopAfter) : SimplePollingSource<int>(interval)
    {
        private int _next;

        protected override int NextItem()
        {
            if (++_next == stopAfter)
            {
                Complete();
            }

            return _next;
        }
    }
}

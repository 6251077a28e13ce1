using Orleans.Dataflow.Connectors;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Silo.Tests.TestSupport;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Silo.Tests.Hosting;

public class DataflowRunnerTests
{
    [Fact]
    public void RunMain_MapOverFiniteInput_CompletesWithEveryItem()
    {
        var output = new List<int>();
        var flow = new Dataflow("test_df");
        flow.Input("inp", new TestingSource<int>([0, 1, 2]))
            .Map("add_one", x => x + 1)
            .Output("out", new TestingSink<int>(output));

        var result = DataflowRunner.RunMain(flow);

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal([1, 2, 3], output);
    }

    [Fact]
    public void RunMain_MapThrows_ThrowsDataflowExceptionNamingStepWorkerAndItem()
    {
        var flow = new Dataflow("test_df");
        flow.Input("inp", new TestingSource<int>([0, 1, 2]))
            .Map("explode", x => x == 1 ? throw new FormatException("bad one") : x)
            .Output("out", new TestingSink<int>([]));

        var error = Assert.Throws<DataflowException>(() => DataflowRunner.RunMain(flow));

        Assert.Equal("explode", error.StepId);
        Assert.Equal(0, error.WorkerIndex);
        Assert.IsType<FormatException>(error.InnerException);
        Assert.Contains("test_df.explode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunMain_StopCancelled_StopsGracefullyAfterTheCurrentEpoch()
    {
        var output = new List<int>();
        var flow = new Dataflow("forever");
        flow.Input("ticks", new TestingSource<int>(Ticks()))
            .Output("out", new TestingSink<int>(output));
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => DataflowRunner.RunMain(flow, new RunOptions { SnapshotInterval = TimeSpan.FromMilliseconds(20) }, stop.Token));
        SpinWait.SpinUntil(() => { lock (output) { return output.Count >= 5; } }, TimeSpan.FromSeconds(30));

        stop.Cancel();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExecutionOutcome.Stopped, result.Outcome);
        lock (output)
        {
            Assert.True(output.Count >= 5);
            Assert.Equal(Enumerable.Range(0, output.Count), output);
        }
    }

    [Fact]
    public void RunMain_RecoveryDirectoryThatDoesNotExist_IsCreatedAndTheNextRunContinuesAfterTheFirst()
    {
        using var dir = new TempDirectory();
        var recovery = Path.Combine(dir.Path, "recovery");
        var items = new List<TestingItem<int>> { 1, 2, TestingMarker.Eof(), 3, 4 };
        var output = new List<int>();
        var flow = new Dataflow("test_df");
        flow.Input("inp", new TestingSource<int>(items)).Output("out", new TestingSink<int>(output));
        var options = new RunOptions { RecoveryDirectory = recovery, WorkerCount = 2 };

        DataflowRunner.RunMain(flow, options);
        DataflowRunner.RunMain(flow, options);

        Assert.Equal(DataflowRunner.DefaultPartitionCount, Directory.GetFiles(recovery, "part-*.sqlite3").Length);
        Assert.Equal([1, 2, 3, 4], output);
    }

    [Fact]
    public void RunMain_RecoveryDirectoryCreatedForMoreWorkersThanTheDefaultPartitions_HasOnePartitionPerWorker()
    {
        using var dir = new TempDirectory();
        var recovery = Path.Combine(dir.Path, "recovery");
        var flow = new Dataflow("test_df");
        flow.Input("inp", new TestingSource<int>([1])).Output("out", new TestingSink<int>([]));

        DataflowRunner.RunMain(flow, new RunOptions { RecoveryDirectory = recovery, WorkerCount = DataflowRunner.DefaultPartitionCount + 2 });

        Assert.Equal(DataflowRunner.DefaultPartitionCount + 2, Directory.GetFiles(recovery, "part-*.sqlite3").Length);
    }

    [Fact]
    public void RunMain_InputFileGrewAfterARunThatReachedItsEnd_ProcessesOnlyTheNewLines()
    {
        using var dir = new TempDirectory();
        var input = dir.Write("events.txt", "a\nb\na\n");
        var output = new List<(string, long)>();
        var flow = new Dataflow("continuation");
        flow.Input("lines", new FileSource(input))
            .KeyOn("key", line => line)
            .StatefulMap<string, long, long>("count", (count, _) => (count + 1, count + 1))
            .Output("out", new TestingSink<(string, long)>(output));
        var options = new RunOptions { RecoveryDirectory = Path.Combine(dir.Path, "recovery"), WorkerCount = 2 };

        DataflowRunner.RunMain(flow, options);
        File.AppendAllText(input, "a\nc\n");
        var before = output.Count;
        DataflowRunner.RunMain(flow, options);

        Assert.Equal(3, before);
        Assert.Equal([("a", 3L), ("c", 1L)], output.Skip(before).Order());
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, -1.0)]
    public void RunMain_OptionsOutOfRange_ThrowsBeforeRunning(int workers, double intervalSeconds)
    {
        var flow = new Dataflow("test_df");
        flow.Input("inp", new TestingSource<int>([0])).Output("out", new TestingSink<int>([]));

        Assert.Throws<ArgumentOutOfRangeException>(() => DataflowRunner.RunMain(flow, new RunOptions
        {
            WorkerCount = workers,
            SnapshotInterval = TimeSpan.FromSeconds(intervalSeconds),
        }));
    }

    [Fact]
    public void RunMain_MoreWorkersThanTheMachineCanSchedule_IsRefusedBeforeRunningWithTheReason()
    {
        var flow = new Dataflow("test_df");
        flow.Input("inp", new TestingSource<int>([0])).Output("out", new TestingSink<int>([]));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DataflowRunner.RunMain(flow, new RunOptions { WorkerCount = RunOptions.MaxWorkerCount + 1 }));

        Assert.Contains($"{RunOptions.MaxWorkerCount + 1} workers: this machine has {Environment.ProcessorCount} processor(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunMain_FlowWithoutOutput_ThrowsInvalidDataflowException()
    {
        var flow = new Dataflow("test_df");
        flow.Input("inp", new TestingSource<int>([0]));

        Assert.Throws<InvalidDataflowException>(() => DataflowRunner.RunMain(flow));
    }

    private static IEnumerable<TestingItem<int>> Ticks()
    {
        for (var i = 0; ; i++)
        {
            yield return i;
            yield return TestingMarker.Pause(TimeSpan.FromMilliseconds(2));
        }
    }
}

using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Configuration;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Silo.Tests.Cli;

/// <summary>While a flow runs, <c>run</c> keeps one status line on a terminal's stderr — records in and their rate, records out, epochs, elapsed — rewritten in place and wiped before any other line.</summary>
public sealed class RunStatusLineTests
{
    [Fact]
    public void Live_OnATerminal_RewritesOneLineInPlaceAndWipesItBeforeTheNextLine()
    {
        var error = new StringWriter();
        var progress = new RunProgress(error, live: true);
        var flow = new Dataflow("lines");

        progress.Running(flow, new SiloSettings());
        progress.Live(Status(recordsIn: 1_000, recordsOut: 10, epoch: 3, committed: 2));
        progress.Live(Status(recordsIn: 12_500, recordsOut: 125, epoch: 4, committed: null));
        progress.Notice("resumed from epoch 3");

        var written = error.ToString();
        var lines = written.Split(Environment.NewLine);
        Assert.Equal("running 'lines' on 1 worker", lines[0]);
        var shown = lines[1].Split('\r');
        Assert.Matches(@"^1,000 in \(0/s\), 10 out, epoch 3, committed 2, 00:00:\d\d$", shown[1]);
        Assert.Matches(@"^12,500 in \([\d,]+/s\), 125 out, epoch 4, 00:00:\d\d *$", shown[2]);
        Assert.Equal(shown[1].Length, shown[2].Length);
        Assert.Equal(new string(' ', shown[2].Length), shown[3]);
        Assert.Equal("resumed from epoch 3", shown[4]);
    }

    [Fact]
    public void Live_NotATerminal_WritesNothing()
    {
        var error = new StringWriter();
        var progress = new RunProgress(error, live: false);

        progress.Live(Status(recordsIn: 1, recordsOut: 1, epoch: 1, committed: null));

        Assert.False(progress.IsLive);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public void RunMain_WithAProgressCallback_HandsItTheStatusWhileTheFlowRuns()
    {
        var statuses = new List<ExecutionStatus>();
        var flow = new Dataflow("paced");
        flow.Input("read", new TestingSource<int>(Enumerable.Range(0, 30).Select(i => i % 10 == 9 ? TestingMarker.Pause(TimeSpan.FromMilliseconds(1_000)) : (TestingItem<int>)i)))
            .Output("out", new TestingSink<int>([]));

        var result = DataflowRunner.RunMain(flow, new RunOptions { Progress = status => { lock (statuses) { statuses.Add(status); } } });

        Assert.Equal(Grains.Execution.ExecutionOutcome.Completed, result.Outcome);
        lock (statuses)
        {
            Assert.NotEmpty(statuses);
            Assert.All(statuses, s => Assert.InRange(s.RecordsIn, 0, 27));
        }
    }

    private static ExecutionStatus Status(long recordsIn, long recordsOut, long epoch, long? committed) =>
        new(epoch, epoch - 1, committed, recordsIn, recordsOut, 1, []);
}

using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Cli;

/// <summary>While a flow runs, <c>run</c> keeps one status line on stderr when it is a terminal (and the run is not verbose) — records read and their rate, records written, epochs, elapsed — read from the engine's meter, rewritten in place, wiped before any other line and at the end; stdout stays the flow's alone.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunStatusLineTests : IDisposable
{
    // About 2.8 s: four pauses of 700 ms between batches of ten.
    private const string Paced = """
        var flow = new Dataflow("paced");
        flow.Input("read", new TestingSource<int>(Enumerable.Range(0, 40).Select(i => i % 10 == 9 ? (TestingItem<int>)TestingMarker.Pause(TimeSpan.FromMilliseconds(700)) : i)))
            .Map("double", x => x * 2)
            .Output("out", new StdOutSink<int>());
        flow
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Status_OnATerminal_RewritesOneLineInPlaceAndWipesItBeforeTheNextLine()
    {
        var error = new StringWriter { NewLine = "\n" };
        var progress = new RunProgress(error, terminal: true);

        progress.Status(new RunStatus(12_500, 1_250, 7, 6), 4_100.4, TimeSpan.FromSeconds(3));
        progress.Status(new RunStatus(13_000, 1_300, 8, null), 500, TimeSpan.FromSeconds(64));
        progress.Notice("resumed from epoch 3");

        var shown = error.ToString().Split('\r');
        Assert.Equal(
            [
                "",
                "12,500 in (4,100 records/s), 1,250 out, epoch 7, committed 6, 00:00:03",
                "13,000 in (500 records/s), 1,300 out, epoch 8, 00:01:04".PadRight(70),
                new string(' ', 55),
                "resumed from epoch 3\n",
            ],
            shown);
    }

    [Fact]
    public void Status_NotATerminalOrQuiet_WritesNothing()
    {
        var error = new StringWriter();
        var redirected = new RunProgress(error, terminal: false);

        redirected.Status(new RunStatus(1, 1, 1, null), 1, TimeSpan.Zero);
        redirected.ClearStatus();
        RunProgress.Quiet.Status(new RunStatus(1, 1, 1, null), 1, TimeSpan.Zero);

        Assert.False(redirected.KeepsStatusLine);
        Assert.False(RunProgress.Quiet.KeepsStatusLine);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public void StatusLine_EachInterval_ShowsTheStatusReadWithItsRate_AndIsWipedWhenDisposed()
    {
        var error = new StringWriter { NewLine = "\n" };
        var progress = new RunProgress(error, terminal: true);
        var reads = 0;

        using (new RunStatusLine(progress, () => new RunStatus(1_000 * Interlocked.Increment(ref reads), 10, 2, 1), TimeSpan.FromMilliseconds(100), sharesTerminalWithOut: false))
        {
            SpinWait.SpinUntil(() => Volatile.Read(ref reads) >= 3, TimeSpan.FromSeconds(30));
        }

        var shown = error.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(shown.Length >= 3, error.ToString());
        Assert.Matches(@"^1,000 in \([\d,]+ records/s\), 10 out, epoch 2, committed 1, 00:00:\d\d *$", shown[0]);
        Assert.Matches(@"^2,000 in \([1-9][\d,]* records/s\), 10 out, epoch 2, committed 1, 00:00:\d\d *$", shown[1]);
        Assert.Equal(string.Empty, shown[^1].Trim());
    }

    [Fact]
    public void Run_StderrATerminal_ShowsTheFlowsStatusWhileItRuns_AndStdoutIsAsWithout()
    {
        var script = _dir.Write("paced.csx", Paced);

        var terminal = CliRun.Invoke(["run", script], terminal: true);
        var redirected = CliRun.Invoke(["run", script], terminal: false);

        Assert.Equal(ExitCodes.Success, terminal.ExitCode);
        Assert.Equal(Enumerable.Range(0, 40).Where(i => i % 10 != 9).Select(i => (i * 2).ToString(System.Globalization.CultureInfo.InvariantCulture)), terminal.OutLines);
        Assert.Equal(redirected.Out, terminal.Out);
        Assert.DoesNotContain('\r', terminal.Out);
        var statuses = terminal.Error.Split('\r').Where(part => part.Contains(" records/s)", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(statuses);
        // Before the partition starts there is no epoch yet; once it runs, the line has its counts and epoch.
        Assert.All(statuses, status => Assert.Matches(@"^\d+ in \([\d,]+ records/s\), \d+ out(, epoch \d+)?, 00:00:\d\d *$", status));
        Assert.Contains(statuses, status => status.Contains(", epoch ", StringComparison.Ordinal) && !status.StartsWith("0 in", StringComparison.Ordinal));
        // Wiped before the summary, which is a line of its own.
        Assert.Matches(@"\r +\r'paced' completed: 36 records in, 36 out, ", terminal.Error);
        Assert.DoesNotContain('\r', redirected.Error);
    }

    [Fact]
    public void Run_Verbose_KeepsNoStatusLineEvenOnATerminal_SinceTheRuntimesLogsGoToStderrToo()
    {
        var script = _dir.Write("paced.csx", Paced);

        var verbose = CliRun.Invoke(["run", script, "-v"], terminal: true);

        Assert.Equal(ExitCodes.Success, verbose.ExitCode);
        Assert.Equal(36, verbose.OutLines.Length);
        Assert.DoesNotContain('\r', verbose.Error);
    }
}

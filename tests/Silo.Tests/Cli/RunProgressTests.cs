using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Cli;

/// <summary>A run says on stderr what it is doing — compiling, running, resuming, and how it ended — and never on stdout, which is the flow's; <c>-q</c> silences it.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunProgressTests : IDisposable
{
    private const string Lines = """
        var flow = new Dataflow("lines");
        flow.Input("read", new FileSource(Args["input"]))
            .Map("upper", line => line.ToUpperInvariant())
            .Output("out", new StdOutSink<string>());
        flow
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Run_Script_SaysCompilingRunningAndASummaryOnStderrOnly()
    {
        var script = _dir.Write("lines.csx", Lines);
        var input = _dir.Write("input.txt", "a\nb\nc\n");

        var run = CliRun.Invoke(["run", script, "-w", "2", "--arg", $"input={input}"]);
        var quiet = CliRun.Invoke(["run", script, "-w", "2", "--arg", $"input={input}", "-q"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["A", "B", "C"], run.OutLines);
        Assert.Equal(quiet.OutLines, run.OutLines);
        Assert.Equal(3, run.ErrorLines.Length);
        Assert.Equal($"compiling {script}…", run.ErrorLines[0]);
        Assert.Equal("running 'lines' on 2 workers", run.ErrorLines[1]);
        Assert.Matches(@"^'lines' completed: 3 records in, 3 out, 1 epoch; \d+\.\d\d s \(loading \d+\.\d\d s\)$", run.ErrorLines[2]);
        Assert.Equal(ExitCodes.Success, quiet.ExitCode);
        Assert.Empty(quiet.Error);
    }

    [Fact]
    public void Run_ScriptCompiledBefore_LoadsWithoutSayingItCompiles()
    {
        var script = _dir.Write("again.csx", Lines);
        var input = _dir.Write("again.txt", "a\n");

        var first = CliRun.Invoke(["run", script, "--arg", $"input={input}"]);
        var second = CliRun.Invoke(["run", script, "--arg", $"input={input}"]);

        Assert.Equal($"compiling {script}…", first.ErrorLines[0]);
        Assert.Equal(["A"], second.OutLines);
        Assert.Equal("running 'lines' on 1 worker", second.ErrorLines[0]);
    }

    [Fact]
    public void Run_QuietFromTheEnvironment_PrintsNothingOnStderr()
    {
        var script = _dir.Write("lines.csx", Lines);
        var input = _dir.Write("input.txt", "a\n");

        var run = CliRun.Invoke(["run", script, "--arg", $"input={input}"], environment: new Dictionary<string, string?> { ["DATAFLOW_QUIET"] = "true" });

        Assert.Equal(["A"], run.OutLines);
        Assert.Empty(run.Error);
    }

    [Fact]
    public void Run_WithAStoreTwice_SaysItStartsThenThatItResumedAndTheInputIsAtItsEnd()
    {
        var script = _dir.Write("lines.csx", Lines);
        var input = _dir.Write("input.txt", "a\nb\n");
        var store = Path.Combine(_dir.Path, "recovery");

        var first = CliRun.Invoke(["run", script, "-r", store, "--arg", $"input={input}"]);
        var second = CliRun.Invoke(["run", script, "-r", store, "--arg", $"input={input}"]);

        Assert.Equal(["A", "B"], first.OutLines);
        Assert.Contains($"starting from the beginning (store {store} holds no commit yet)", first.ErrorLines);
        Assert.Matches(@"^'lines' completed: 2 records in, 2 out, epochs up to \d+ committed;", first.ErrorLines[^1]);
        Assert.Empty(second.OutLines);
        Assert.Contains(second.ErrorLines, line => line.StartsWith("resumed from epoch ", StringComparison.Ordinal) && line.Contains($"(store {store}: epochs up to ", StringComparison.Ordinal));
        Assert.Contains(second.ErrorLines, line => line.StartsWith("input already at its end: nothing new since epoch ", StringComparison.Ordinal));
        Assert.StartsWith("'lines' completed: 0 records in, 0 out,", second.ErrorLines[^1], StringComparison.Ordinal);
    }
}

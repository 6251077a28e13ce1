using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Cli;

/// <summary>The messages a newcomer meets first: a mistyped command, a command without its arguments, a mistyped settings key, the two mistakes of every first script, and an error printed once.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CliMessageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Cli_MistypedCommand_SaysUnknownAndSuggestsTheNearest()
    {
        var run = CliRun.Invoke(["rnu", "samples/wordcount.csx"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("error: unknown command 'rnu'; did you mean 'run'? (see 'Orleans.Dataflow.Silo --help')", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void Cli_WordFarFromEveryCommand_ListsTheCommands()
    {
        var run = CliRun.Invoke(["deploy"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("error: unknown command 'deploy'; the commands are run, recovery, serve (see 'Orleans.Dataflow.Silo --help')", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void RecoveryInit_WithoutArguments_PointsAtItsOwnHelp()
    {
        var run = CliRun.Invoke(["recovery", "init"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.EndsWith("(see 'Orleans.Dataflow.Silo recovery init --help')", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownKeyInAppsettings_WarnsNamingItAndTheNearestKeyAndRunsOn()
    {
        var settings = _dir.Write("settings/appsettings.json", """{ "Silo": { "Wrokers": 2, "Ports": { "Http": 7300 } } }""");
        var script = _dir.Write("one.csx", """
            var flow = new Dataflow("one");
            flow.Input("in", new TestingSource<int>(new[] { 1 })).Output("out", new StdOutSink<int>());
            flow
            """);

        var run = CliRun.Invoke(["run", script, "-q"], settingsDirectories: [Path.GetDirectoryName(settings)!]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["1"], run.OutLines);
        Assert.Equal("warning: appsettings.json has an unknown key Silo:Wrokers, which is ignored; did you mean Silo:Workers?", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void Run_ScriptEndingWithASemicolon_HintsToDropIt()
    {
        var script = _dir.Write("semicolon.csx", """
            var flow = new Dataflow("semicolon");
            flow.Input("in", new TestingSource<int>(new[] { 1 })).Output("out", new StdOutSink<int>());
            flow;
            """);

        var run = CliRun.Invoke(["run", script, "-q"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(2, run.ErrorLines.Length);
        Assert.Contains("semicolon.csx:3:1: error CS0201", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal("  hint: a script's last line is the flow it runs, as an expression: write `flow` without the semicolon", run.ErrorLines[1]);
    }

    [Fact]
    public void Run_StatefulMapOnAStreamThatIsNotKeyed_HintsKeyOn()
    {
        var script = _dir.Write("unkeyed.csx", """
            var flow = new Dataflow("unkeyed");
            flow.Input("in", new TestingSource<string>(new[] { "a" }))
                .StatefulMap("count", (int n, string word) => (n + 1, n + 1))
                .Output("out", new StdOutSink<(string, int)>());
            flow
            """);

        var run = CliRun.Invoke(["run", script, "-q"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("error CS1929", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal("  hint: StatefulMap works on a keyed stream of (key, value) pairs: key the items first, e.g. .KeyOn(\"key\", item => item.Id).StatefulMap(...)", run.ErrorLines[1]);
    }

    [Fact]
    public void ErrorReporter_CauseWhoseMessageTheHeadlineHolds_PrintsTheMessageOnce()
    {
        var error = new StringWriter { NewLine = "\n" };

        ErrorReporter.Report(error, new InvalidOperationException("loading failed: disk on fire", new IOException("disk on fire")), verbose: false);

        Assert.Equal("error: loading failed: disk on fire\n", error.ToString());
    }

    [Fact]
    public void ErrorReporter_CauseWithAMessageOfItsOwn_PrintsItAsCausedBy()
    {
        var error = new StringWriter { NewLine = "\n" };

        ErrorReporter.Report(error, new InvalidOperationException("loading failed", new IOException("disk on fire")), verbose: false);

        Assert.Equal("error: loading failed\n  caused by: System.IO.IOException: disk on fire\n", error.ToString());
    }
}

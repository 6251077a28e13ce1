using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Cli;

[Collection(ConsoleCollection.Name)]
public sealed class SiloCliTests : IDisposable
{
    private const string Boom = """
        var flow = new Dataflow("boom");
        flow.Input("in", new TestingSource<int>(new[] { 1, 2, 3 }))
            .Map("explode", x => x == 2 ? throw new InvalidOperationException("two is not allowed") : x)
            .Output("out", new StdOutSink<int>());
        flow
        """;

    private const string EchoArgs = """
        var flow = new Dataflow("echo");
        flow.Input("in", new TestingSource<string>(Args.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}").ToList()))
            .Output("out", new StdOutSink<string>());
        flow
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Run_ScriptWithArgs_PrintsWhatTheFlowSeesAndExitsZero()
    {
        var script = _dir.Write("echo.csx", EchoArgs);

        var run = CliRun.Invoke(["run", script, "-q", "--arg", "b=2", "--arg", "a=x=y", "--arg", "b=3"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["a=x=y", "b=3"], run.OutLines);
        Assert.Empty(run.Error);
    }

    [Theory]
    [InlineData("-w", "2")]
    [InlineData("--workers", "3")]
    [InlineData("-s", "0.5")]
    [InlineData("--snapshot-interval", "0")]
    [InlineData("-b", "1.5")]
    [InlineData("-i", "0")]
    [InlineData("--process-id", "0")]
    [InlineData("--startup-timeout", "30")]
    [InlineData("--failure-timeout", "0.5")]
    public void Run_ValidFlag_RunsTheFlow(string flag, string value)
    {
        var script = _dir.Write("echo.csx", EchoArgs);

        var run = CliRun.Invoke(["run", script, flag, value, "--arg", "k=v"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["k=v"], run.OutLines);
    }

    [Theory]
    [InlineData("-w", "0", "--workers")]
    [InlineData("--workers", "two", "--workers")]
    [InlineData("-s", "-0.5", "--snapshot-interval")]
    [InlineData("--snapshot-interval", "ten", "--snapshot-interval")]
    [InlineData("-b", "-1", "--backup-interval")]
    [InlineData("--arg", "novalue", "--arg")]
    [InlineData("-r", " ", "--recovery-directory")]
    [InlineData("-i", "-1", "--process-id")]
    [InlineData("--process-id", "one", "--process-id")]
    [InlineData("-a", "a:1;b:0", "--addresses")]
    [InlineData("--addresses", "::1:80", "--addresses")]
    [InlineData("--startup-timeout", "0", "--startup-timeout")]
    [InlineData("--failure-timeout", "-2", "--failure-timeout")]
    public void Run_BadFlagValue_ExitsWithUsageAndOneLineNamingTheFlag(string flag, string value, string named)
    {
        var script = _dir.Write("echo.csx", EchoArgs);

        var run = CliRun.Invoke(["run", script, flag, value]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"error: {named} ", line, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public void Run_BadEnvironmentVariable_ExitsWithUsageNamingTheVariable()
    {
        var script = _dir.Write("echo.csx", EchoArgs);

        var run = CliRun.Invoke(["run", script], environment: new Dictionary<string, string?> { ["DATAFLOW_WORKERS"] = "0" });

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: DATAFLOW_WORKERS ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FlagOverridesBadEnvironmentVariable_RunsTheFlow()
    {
        var script = _dir.Write("echo.csx", EchoArgs);

        var run = CliRun.Invoke(["run", script, "-w", "2"], environment: new Dictionary<string, string?> { ["DATAFLOW_WORKERS"] = "0" });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
    }

    [Fact]
    public void Run_BadAppSettingsValue_ExitsWithUsageNamingTheKey()
    {
        var script = _dir.Write("echo.csx", EchoArgs);
        var settings = _dir.Write("settings/appsettings.json", """{ "Silo": { "Workers": 0 } }""");

        var run = CliRun.Invoke(["run", script], settingsDirectories: [Path.GetDirectoryName(settings)!]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: Silo:Workers in appsettings.json ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-i", "3", "-a", "127.0.0.1:2101;127.0.0.1:2102;127.0.0.1:2103", "error: --process-id gives process id 3, but --addresses lists 3 address(es)")]
    [InlineData("--process-id", "1", "--startup-timeout", "1", "error: --process-id gives process id 1, but no addresses are given")]
    [InlineData("-a", "127.0.0.1:2101;127.0.0.1:2101", "-i", "0", "error: --addresses lists address '127.0.0.1:2101' twice")]
    public void Run_InconsistentClusterFlags_ExitsWithUsageNamingThem(string flag1, string value1, string flag2, string value2, string expected)
    {
        var script = _dir.Write("echo.csx", EchoArgs);

        var run = CliRun.Invoke(["run", script, flag1, value1, flag2, value2]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith(expected, Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public void Run_MistypedInputPath_FailsNamingThePathAndLeavesThePreviousOutputAlone()
    {
        var script = _dir.Write("copy.csx", """
            var flow = new Dataflow("copy");
            flow.Input("lines", new FileSource(Args["input"]))
                .KeyOn("key", line => line)
                .Output("out", new FileSink(Args["output"]));
            flow
            """);
        var output = _dir.Write("out.txt", "line 1\nline 2\n");
        var missing = Path.Combine(_dir.Path, "mistyped.txt");

        var run = CliRun.Invoke(["run", script, "-q", "--arg", $"input={missing}", "--arg", $"output={output}", "-w", "2"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.True(run.Error.Contains($"input file `{missing}` does not exist", StringComparison.Ordinal), run.Error);
        Assert.StartsWith("error: step 'copy.lines' failed", run.Error, StringComparison.Ordinal);
        Assert.Equal("line 1\nline 2\n", File.ReadAllText(output));
    }

    [Fact]
    public void Run_KubernetesOutsideAPod_FailsSayingThereIsNoApiServer()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")))
        {
            return;
        }

        var script = _dir.Write("echo.csx", EchoArgs);
        var addresses = string.Join(';', ClusterFlows.Addresses(2).Select(a => $"{a.Host}:{a.Port}"));

        var run = CliRun.Invoke(["run", script, "-i", "0", "-a", addresses, "--kubernetes"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("--kubernetes: this process is not in a Kubernetes pod (KUBERNETES_SERVICE_HOST is not set)", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public void Run_AddressesAndHostfile_ExitsWithUsageNamingBoth()
    {
        var script = _dir.Write("echo.csx", EchoArgs);
        var hostfile = _dir.Write("hosts", "127.0.0.1:2101\n127.0.0.1:2102\n");

        var run = CliRun.Invoke(["run", script, "--hostfile", hostfile], environment: new Dictionary<string, string?> { ["DATAFLOW_ADDRESSES"] = "127.0.0.1:2101" });

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("error: DATAFLOW_ADDRESSES and --hostfile both give the cluster's addresses; give only one of them", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void Run_BadPodName_ExitsWithUsageNamingBothVariables()
    {
        var script = _dir.Write("echo.csx", EchoArgs);

        var run = CliRun.Invoke(["run", script], environment: new Dictionary<string, string?>
        {
            ["DATAFLOW_POD_NAME"] = "web-0",
            ["DATAFLOW_STATEFULSET_NAME"] = "dataflow",
        });

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: DATAFLOW_POD_NAME 'web-0' is not DATAFLOW_STATEFULSET_NAME 'dataflow'", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--no-such-flag")]
    [InlineData("-w")]
    public void Run_MalformedCommandLine_ExitsWithUsage(string extra)
    {
        var script = _dir.Write("echo.csx", EchoArgs);

        var run = CliRun.Invoke(["run", script, extra]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoCommand_ExitsWithUsage()
    {
        Assert.Equal(ExitCodes.Usage, CliRun.Invoke([]).ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRun.Invoke(["run"]).ExitCode);
    }

    [Fact]
    public void Run_Help_PrintsUsageAndExitsZero()
    {
        var run = CliRun.Invoke(["run", "--help"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("--snapshot-interval", run.Out, StringComparison.Ordinal);
        Assert.Contains("DATAFLOW_WORKERS", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Help_ListsTheClusterFlagsWithTheirVariables()
    {
        var run = CliRun.Invoke(["run", "--help"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var text in new[]
        {
            "-i, --process-id <ID>", "-a, --addresses <HOST:PORT;...>", "--hostfile <PATH>", "--startup-timeout <SECONDS>", "--failure-timeout <SECONDS>",
            "DATAFLOW_PROCESS_ID", "DATAFLOW_POD_NAME", "DATAFLOW_STATEFULSET_NAME", "DATAFLOW_ADDRESSES", "DATAFLOW_HOSTFILE",
            "DATAFLOW_CLUSTER_PORT", "DATAFLOW_STARTUP_TIMEOUT", "DATAFLOW_FAILURE_TIMEOUT",
        })
        {
            Assert.Contains(text, run.Out, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("missing.csx")]
    [InlineData("flow.py")]
    public void Run_MissingOrUnsupportedFlowFile_ExitsWithUsage(string file)
    {
        _dir.Write("flow.py", "print('hi')");

        var run = CliRun.Invoke(["run", Path.Combine(_dir.Path, file)]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(file, Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Run_MapThrows_PrintsOneErrorNamingStepWorkerAndItemAndExitsOne(int workers)
    {
        var script = _dir.Write("boom.csx", Boom);

        var run = CliRun.Invoke(["run", script, "-q", "-w", workers.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("error: step 'boom.explode' failed on worker 0 on item 2: InvalidOperationException: two is not allowed", Assert.Single(run.ErrorLines));
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MapThrowsVerbose_AddsTheUserStackTraceWithScriptLine()
    {
        var script = _dir.Write("boom.csx", Boom);

        var run = CliRun.Invoke(["run", script, "-q", "--verbose"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith("error: step 'boom.explode' failed on worker 0", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Contains("boom.csx:line 3", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ScriptCompileError_PrintsFileLineColumnAndExitsOne()
    {
        var script = _dir.Write("broken.csx", "var flow = new Dataflow(\"broken\");\nflow.Input(\"in\", 42);\nflow\n");

        var run = CliRun.Invoke(["run", script, "-q"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("broken.csx:2:", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Contains(": error CS", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InvalidFlow_PrintsItsMessageAndExitsOne()
    {
        var script = _dir.Write("nooutput.csx", "var flow = new Dataflow(\"lonely\");\nflow.Input(\"in\", new TestingSource<int>(new[] { 1 }));\nflow\n");

        var run = CliRun.Invoke(["run", script, "-q"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("error: flow 'lonely' has no output step; add one with stream.Output(\"id\", sink)", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void Run_AssemblyWithFlowFlag_RunsTheNamedFlow()
    {
        var path = FlowAssemblyCompiler.Compile(_dir.Path, "CliFlows" + Guid.NewGuid().ToString("N"), """
            using System.Collections.Generic;
            using System.Linq;
            using Orleans.Dataflow;
            using Orleans.Dataflow.Connectors;
            using Orleans.Dataflow.Testing;

            public static class Flows
            {
                public static Dataflow Greet(IReadOnlyDictionary<string, string> args)
                {
                    var flow = new Dataflow("greet");
                    flow.Input("in", new TestingSource<string>(new[] { "hello " + args["who"] }))
                        .Output("out", new StdOutSink<string>());
                    return flow;
                }

                public static Dataflow Other => new Dataflow("other");
            }
            """);

        var listed = CliRun.Invoke(["run", path]);
        var run = CliRun.Invoke(["run", path, "--flow", "Greet", "--arg", "who=silo"]);
        var fromEnvironment = CliRun.Invoke(["run", path, "--arg", "who=env"], environment: new Dictionary<string, string?> { ["DATAFLOW_FLOW"] = "Flows.Greet" });

        Assert.Equal(ExitCodes.Failure, listed.ExitCode);
        Assert.Contains("Greet, Other", Assert.Single(listed.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["hello silo"], run.OutLines);
        Assert.Equal(["hello env"], fromEnvironment.OutLines);
    }

    [Fact]
    public void Run_StopRequested_StopsGracefullyAndExitsZero()
    {
        var script = _dir.Write("forever.csx", """
            static IEnumerable<TestingItem<int>> Ticks()
            {
                for (var i = 0; ; i++)
                {
                    yield return i;
                    yield return TestingMarker.Pause(TimeSpan.FromMilliseconds(5));
                }
            }

            var flow = new Dataflow("forever");
            flow.Input("ticks", new TestingSource<int>(Ticks()))
                .Output("out", new StdOutSink<int>());
            flow
            """);
        var run = CliRun.Invoke(["run", script, "-s", "0.05", "-v"], stopWhen: text => text.Count(c => c == '\n') >= 20);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.True(run.OutLines.Length >= 20);
        Assert.Equal(Enumerable.Range(0, run.OutLines.Length).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), run.OutLines);
        Assert.Contains("'forever' stopped after epoch", run.Error, StringComparison.Ordinal);
    }
}

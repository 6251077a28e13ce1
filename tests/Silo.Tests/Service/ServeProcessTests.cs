using Orleans.Dataflow.Client.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Service;

/// <summary><c>serve</c> as real processes driven by the client's command line: a second silo joins the first, a flow runs across them, and when the second is killed with SIGKILL mid-run the flow finishes with exact output.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(120);

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task ClientCli_OnTwoServeProcesses_OneKilledMidRun_WaitExitsZero_TheCountsAreExact_AndListShowsItCompleted()
    {
        var lines = Enumerable.Range(0, 4000).Select(i => $"w{i % 13} w{i % 7} x").ToArray();
        var input = _dir.Write("in.txt", string.Join('\n', lines) + "\n");
        var output = Path.Combine(_dir.Path, "out.txt");
        var script = _dir.Write("count.csx", ServiceScripts.SlowWordCount);
        var data = Path.Combine(_dir.Path, "data");
        var (firstSilo, firstGateway, secondSilo, secondGateway) = (RunningService.FreePort(), RunningService.FreePort(), RunningService.FreePort(), RunningService.FreePort());
        var (firstHttp, secondHttp) = (RunningService.FreePort(), RunningService.FreePort());
        using var first = SiloProcess.Start(_dir.Path, "serve", "--data", data, "--silo-port", $"{firstSilo}", "--gateway-port", $"{firstGateway}", "--http-port", $"{firstHttp}");
        Assert.True(first.WaitForError("serving on", _noHang), "the first silo did not start");
        using var second = SiloProcess.Start(_dir.Path, "serve", "--data", data, "--silo-port", $"{secondSilo}", "--gateway-port", $"{secondGateway}", "--http-port", $"{secondHttp}", "--join", $"127.0.0.1:{firstSilo}");
        Assert.True(second.WaitForError("serving on", _noHang), "the second silo did not start");
        var gateway = $"127.0.0.1:{firstGateway}";

        var submitted = await Cli(["submit", script, "-w", "2", "-s", "0.2", "--arg", $"input={input}", "--arg", $"output={output}", "--gateway", gateway]);
        var running = await Cli(["status", "count", "--gateway", gateway]);
        Assert.True(second.KillHard(), "the second silo had exited before the kill");
        var waited = await Cli(["wait", "count", "--gateway", gateway]);
        var listed = await Cli(["list", "--gateway", gateway]);
        first.Terminate();

        Assert.True(submitted.Code == ClientCli.Success, submitted.Error);
        Assert.True(running.Code == ClientCli.Success, running.Error);
        Assert.Contains("Running", running.Output, StringComparison.Ordinal);
        Assert.True(waited.Code == ClientCli.Success, waited.Error);
        var expected = lines.SelectMany(l => l.Split(' ')).GroupBy(w => w).Select(g => $"{g.Key}\t{g.Count()}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, File.ReadAllLines(output).Order(StringComparer.Ordinal));
        Assert.True(listed.Code == ClientCli.Success, listed.Error);
        var rows = listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID ", rows[0], StringComparison.Ordinal);
        var row = Assert.Single(rows[1..]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["count", "completed"], row[..2]);
    }

    /// <summary>Runs the client's command line in this process, as <c>dotnet run --project Client -- ARGS</c> would; its exit code, stdout and stderr.</summary>
    private static async Task<(int Code, string Output, string Error)> Cli(string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await Task.Run(() => ClientCli.Run(args, output, error)).WaitAsync(_noHang);
        return (code, output.ToString(), error.ToString());
    }

    public void Dispose() => _dir.Dispose();
}

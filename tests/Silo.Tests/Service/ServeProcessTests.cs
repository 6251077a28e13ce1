using System.Net;
using Orleans.Dataflow.Client;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Service;

/// <summary><c>serve</c> as real processes: a second silo joins the first, a flow runs across them, and when the second is killed with SIGKILL mid-run the flow finishes with exact output.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(120);

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Flow_OnTwoServeProcesses_OneKilledMidRun_FinishesOnTheOtherWithEveryLineOnce_AndIsListedCompleted()
    {
        var lines = Enumerable.Range(0, 4000).Select(i => $"line {i}").ToArray();
        var input = _dir.Write("in.txt", string.Join('\n', lines) + "\n");
        var output = Path.Combine(_dir.Path, "out.txt");
        var script = _dir.Write("copy.csx", ServiceScripts.SlowCopy);
        var data = Path.Combine(_dir.Path, "data");
        var (firstSilo, firstGateway, secondSilo, secondGateway) = (RunningService.FreePort(), RunningService.FreePort(), RunningService.FreePort(), RunningService.FreePort());
        var (firstHttp, secondHttp) = (RunningService.FreePort(), RunningService.FreePort());
        using var first = SiloProcess.Start(_dir.Path, "serve", "--data", data, "--silo-port", $"{firstSilo}", "--gateway-port", $"{firstGateway}", "--http-port", $"{firstHttp}");
        Assert.True(first.WaitForError("serving on", _noHang), "the first silo did not start");
        using var second = SiloProcess.Start(_dir.Path, "serve", "--data", data, "--silo-port", $"{secondSilo}", "--gateway-port", $"{secondGateway}", "--http-port", $"{secondHttp}", "--join", $"127.0.0.1:{firstSilo}");
        Assert.True(second.WaitForError("serving on", _noHang), "the second silo did not start");
        await using var client = await DataflowClient.ConnectAsync(new DataflowClientOptions { Gateway = new IPEndPoint(IPAddress.Loopback, firstGateway) });

        await client.SubmitAsync(script, new SubmitOptions { Workers = 2, EpochInterval = TimeSpan.FromSeconds(0.2), Arguments = new Dictionary<string, string> { ["input"] = input, ["output"] = output } }).WaitAsync(_noHang);
        Assert.True(SpinWait.SpinUntil(() => File.Exists(output) && new FileInfo(output).Length > 0, _noHang), "the flow wrote nothing");
        var running = await client.StatusAsync("copy").WaitAsync(_noHang);
        Assert.True(second.KillHard(), "the second silo had exited before the kill");
        var end = await client.WaitAsync("copy").WaitAsync(_noHang);
        var listed = await client.ListAsync().WaitAsync(_noHang);
        first.Terminate();

        Assert.Equal(FlowStatus.Running, running.Status);
        Assert.Null(end.Failure);
        Assert.Equal(lines, File.ReadAllLines(output));
        Assert.Equal(FlowStatus.Completed, Assert.Single(listed).Record.Status);
    }

    public void Dispose() => _dir.Dispose();
}

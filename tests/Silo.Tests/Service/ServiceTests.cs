using Orleans.Dataflow.Client;
using Orleans.Dataflow.Client.Cli;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Service;

/// <summary>A <c>serve</c> silo accepts flows from clients: scripts travel as source and compile on the silo, flows are listed and operated by id, and a flow running when every silo stops resumes when one starts again.</summary>
public sealed class ServiceTests : IDisposable
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(120);

    private readonly TempDirectory _dir = new();

    private string Data => Path.Combine(_dir.Path, "data");

    [Fact]
    public async Task Submit_AScript_RunsToItsEndWritingTheCounts_AndListShowsItCompletedWithExactRecordTotals()
    {
        var lines = Enumerable.Range(0, 2000).Select(i => string.Join(' ', Enumerable.Range(0, 5).Select(w => $"w{(i * 7 + w * 13) % 50}"))).ToArray();
        var input = _dir.Write("in.txt", string.Join('\n', lines) + "\n");
        var output = Path.Combine(_dir.Path, "out.txt");
        var script = _dir.Write("count.csx", ServiceScripts.Count);
        await using var service = await RunningService.StartAsync(Data);

        var record = await service.Client.SubmitAsync(script, new SubmitOptions { Workers = 2, EpochInterval = TimeSpan.FromSeconds(0.2), Arguments = Args(("input", input), ("output", output)) }).WaitAsync(_noHang);
        var end = await service.Client.WaitAsync("count").WaitAsync(_noHang);
        var listed = await service.Client.ListAsync();
        var graph = await service.Client.GraphAsync("count");
        var status = await service.Client.StatusAsync("count");

        var expected = lines.SelectMany(l => l.Split(' ')).GroupBy(w => w).Select(g => $"{g.Key}\t{g.Count()}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, File.ReadAllLines(output).Order(StringComparer.Ordinal));
        Assert.Null(end.Failure);
        Assert.Equal("count", record.Deployment!.Definition.FlowId);
        Assert.Contains("count.sum (stateful)", record.Deployment.Definition.Steps);
        var (id, listedRecord) = Assert.Single(listed);
        Assert.Equal("count", id);
        Assert.Equal(FlowStatus.Completed, listedRecord.Status);
        Assert.Equal(lines.Length, listedRecord.Progress?.RecordsIn);
        Assert.Equal(File.ReadAllLines(output).Length, listedRecord.Progress?.RecordsOut);
        Assert.Equal(2, status.Progress?.Partitions.Count);
        Assert.All(status.Progress!.Partitions, partition =>
        {
            Assert.False(partition.Running);
            Assert.False(string.IsNullOrEmpty(partition.Silo));
            Assert.Equal(partition.Epoch, partition.ClosedEpoch);
        });
        Assert.Equal(status.Progress.RecordsIn, status.Progress.Partitions.Sum(p => p.RecordsIn));
        Assert.Equal(["read", "words", "count.key", "count.sum", "format", "out"], graph.Steps.Select(step => step.Id));
    }

    [Fact]
    public async Task Status_OfAFlowRunningOnTwoPartitions_ShowsRecordsInAndEachPartitionsSiloAndStateKeys()
    {
        var lines = Enumerable.Range(0, 10000).Select(i => $"k{i % 40} {i}").ToArray();
        var input = _dir.Write("in.txt", string.Join('\n', lines) + "\n");
        var script = _dir.Write("slowcount.csx", ServiceScripts.SlowCount);
        await using var service = await RunningService.StartAsync(Data);
        await service.Client.SubmitAsync(script, new SubmitOptions { Workers = 2, EpochInterval = TimeSpan.FromSeconds(0.1), Arguments = Args(("input", input), ("output", Path.Combine(_dir.Path, "out.txt"))) }).WaitAsync(_noHang);

        // Partitions report about once a second: wait until both hold keys of the stateful step.
        var deadline = DateTimeOffset.UtcNow + _noHang;
        FlowRecord running;
        while (!HoldsKeysInEveryPartition(running = await service.Client.StatusAsync("slowcount")) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var (_, listed) = Assert.Single(await service.Client.ListAsync());
        await service.Client.StopAsync("slowcount");
        await service.Client.WaitAsync("slowcount").WaitAsync(_noHang);

        Assert.Equal(FlowStatus.Running, running.Status);
        var progress = running.Progress!;
        Assert.InRange(progress.RecordsIn, 1, lines.Length - 1);
        Assert.Equal(0, progress.RecordsOut);
        Assert.NotNull(progress.CommittedEpoch);
        Assert.Equal([0, 1], progress.Partitions.Select(p => p.Index));
        Assert.All(progress.Partitions, partition =>
        {
            Assert.True(partition.Running);
            Assert.False(string.IsNullOrEmpty(partition.Silo));
            Assert.InRange(partition.ClosedEpoch, 0, partition.Epoch);
            Assert.InRange(partition.Steps.Single(s => s is { StepId: "count.sum", Kind: StepCountKind.Keys }).Count, 1, 40);
        });
        Assert.True(listed.Progress?.RecordsIn > 0, "list shows no records read");
    }

    [Fact]
    public async Task Submit_AScriptThatDoesNotCompile_FailsNamingTheFileLineAndColumn_AndRecordsNoFlow()
    {
        const string Broken = "flow.Input(\"in\", new TestingSource<int>([1])).Map(\"m\", x => x.NoSuchMember()).Output(\"out\", new StdOutSink<int>());";
        var script = _dir.Write("broken.csx", $"var flow = new Dataflow(\"broken\");\n{Broken}\nflow\n");
        await using var service = await RunningService.StartAsync(Data);

        var error = await Assert.ThrowsAsync<FlowCodeException>(() => service.Client.SubmitAsync(script)).WaitAsync(_noHang);

        Assert.Contains($"broken.csx:2:{Broken.IndexOf("NoSuchMember", StringComparison.Ordinal) + 1}: error CS1061", error.Message, StringComparison.Ordinal);
        Assert.Contains("NoSuchMember", error.Message, StringComparison.Ordinal);
        Assert.Empty(await service.Client.ListAsync());
        await Assert.ThrowsAsync<FlowNotDeployedException>(() => service.Client.StatusAsync("broken"));
    }

    [Fact]
    public async Task Submit_AScriptThatLoadsFilesBesideIt_RunsWithThemOnTheSilos()
    {
        var input = _dir.Write("flows/in.txt", "b a\nc a\n");
        var output = Path.Combine(_dir.Path, "out.txt");
        _dir.Write("flows/lib/words.csx", "#load \"../shared/clean.csx\"\nstatic string[] Words(string line) => Clean(line).Split(' ');\n");
        _dir.Write("flows/shared/clean.csx", "static string Clean(string line) => line.Trim().ToUpperInvariant();\n");
        var script = _dir.Write("flows/loading.csx", ServiceScripts.Loading);
        await using var service = await RunningService.StartAsync(Data);

        await service.Client.SubmitAsync(script, new SubmitOptions { Arguments = Args(("input", input), ("output", output)) }).WaitAsync(_noHang);
        var end = await service.Client.WaitAsync("loading").WaitAsync(_noHang);

        Assert.Null(end.Failure);
        Assert.Equal(["A 2", "B 1", "C 1"], File.ReadAllLines(output).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Submit_AScriptThatLoadsAFileOutsideItsDirectory_FailsNamingTheDirective_AndRecordsNoFlow()
    {
        _dir.Write("elsewhere.csx", "static int One() => 1;\n");
        var script = _dir.Write("flows/outside.csx", "#load \"../elsewhere.csx\"\nvar flow = new Dataflow(\"outside\");\nflow\n");
        await using var service = await RunningService.StartAsync(Data);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => service.Client.SubmitAsync(script)).WaitAsync(_noHang);

        Assert.Contains("'../elsewhere.csx' (#load in outside.csx)", error.Message, StringComparison.Ordinal);
        Assert.Contains("not under the script's directory", error.Message, StringComparison.Ordinal);
        Assert.Empty(await service.Client.ListAsync());
    }

    [Fact]
    public async Task Submit_AFileThatIsNeitherAScriptNorAnAssembly_FailsNamingIt_AndRecordsNoFlow()
    {
        var notes = _dir.Write("notes.txt", "not a flow");
        await using var service = await RunningService.StartAsync(Data);

        var error = await Assert.ThrowsAsync<FlowCodeException>(() => service.Client.SubmitAsync(notes)).WaitAsync(_noHang);

        Assert.Contains("'notes.txt' is neither a C# script (.csx) nor an assembly (.dll)", error.Message, StringComparison.Ordinal);
        Assert.Empty(await service.Client.ListAsync());
    }

    [Fact]
    public async Task Submit_UnderAnIdThatExists_IsRefusedNamingTheId()
    {
        var input = _dir.Write("in.txt", "a b\n");
        var script = _dir.Write("count.csx", ServiceScripts.Count);
        await using var service = await RunningService.StartAsync(Data);
        var options = new SubmitOptions { Id = "words", Arguments = Args(("input", input), ("output", Path.Combine(_dir.Path, "out.txt"))) };
        await service.Client.SubmitAsync(script, options).WaitAsync(_noHang);

        var error = await Assert.ThrowsAsync<FlowExistsException>(() => service.Client.SubmitAsync(script, options)).WaitAsync(_noHang);

        Assert.Contains("'words'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownId_StatusStopAndDelete_FailNamingIt()
    {
        await using var service = await RunningService.StartAsync(Data);

        var status = await Assert.ThrowsAsync<FlowNotDeployedException>(() => service.Client.StatusAsync("nobody")).WaitAsync(_noHang);
        var stop = await Assert.ThrowsAsync<FlowNotDeployedException>(() => service.Client.StopAsync("nobody")).WaitAsync(_noHang);
        var delete = await Assert.ThrowsAsync<FlowNotDeployedException>(() => service.Client.DeleteAsync("nobody")).WaitAsync(_noHang);

        foreach (var error in new[] { status, stop, delete })
        {
            Assert.Contains("'nobody'", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Flow_RunningWhenItsOnlySiloStops_ResumesWhenASiloStartsOnTheSameData_WritingEveryLineOnce()
    {
        var lines = Enumerable.Range(0, 3000).Select(i => $"line {i}").ToArray();
        var input = _dir.Write("in.txt", string.Join('\n', lines) + "\n");
        var output = Path.Combine(_dir.Path, "copy.txt");
        var script = _dir.Write("copy.csx", ServiceScripts.SlowCopy);
        var options = new SubmitOptions { EpochInterval = TimeSpan.FromSeconds(0.1), Arguments = Args(("input", input), ("output", output)) };
        await using (var first = await RunningService.StartAsync(Data))
        {
            await first.Client.SubmitAsync(script, options).WaitAsync(_noHang);

            // Stopped mid-run: some lines written, not all (each takes a millisecond).
            Assert.True(SpinWait.SpinUntil(() => File.Exists(output) && new FileInfo(output).Length > 0, _noHang), "the flow wrote nothing");
        }

        await using var second = await RunningService.StartAsync(Data);
        var end = await second.Client.WaitAsync("copy").WaitAsync(_noHang);

        Assert.Null(end.Failure);
        Assert.Equal(lines, File.ReadAllLines(output));
    }

    [Fact]
    public async Task ClientCli_SubmitWithWait_ExitsZeroOnceTheFlowCompleted_AndListStatusAndGraphPrintIt()
    {
        var input = _dir.Write("in.txt", "a b a\n");
        var output = Path.Combine(_dir.Path, "out.txt");
        var script = _dir.Write("count.csx", ServiceScripts.Count);
        await using var service = await RunningService.StartAsync(Data);
        var gateway = $"127.0.0.1:{service.Options.GatewayPort}";
        var error = new StringWriter();
        var listed = new StringWriter();

        var submitted = await Task.Run(() => ClientCli.Run(["submit", script, "--gateway", gateway, "--arg", $"input={input}", "--arg", $"output={output}", "--wait"], new StringWriter(), error)).WaitAsync(_noHang);
        var list = await Task.Run(() => ClientCli.Run(["list", "--gateway", gateway], listed, error)).WaitAsync(_noHang);
        var graph = new StringWriter();
        var drawn = await Task.Run(() => ClientCli.Run(["graph", "count", "--gateway", gateway], graph, error)).WaitAsync(_noHang);
        var status = new StringWriter();
        var shown = await Task.Run(() => ClientCli.Run(["status", "count", "--gateway", gateway], status, error)).WaitAsync(_noHang);

        Assert.True(submitted == ClientCli.Success, error.ToString());
        Assert.Equal(ClientCli.Success, list);
        Assert.Equal(["a\t2", "b\t1"], File.ReadAllLines(output).Order(StringComparer.Ordinal));
        var table = listed.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(["ID", "STATE", "EXECUTION", "EPOCH", "COMMITTED", "UPTIME", "IN", "OUT"], table[0]);
        // One line read, two lines written.
        Assert.Equal(["count", "completed"], table[1][..2]);
        Assert.Equal(["1", "2"], table[1][^2..]);
        Assert.Equal(ClientCli.Success, shown);
        Assert.Contains("records:     1 in, 2 out", status.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"\n  0  +\S+ +ended ", status.ToString());
        Assert.Matches(@"\n  count\.sum +keys +\d+ +\d+\n", status.ToString());
        Assert.Contains("flow 'count' completed", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(ClientCli.Success, drawn);
        Assert.StartsWith("flowchart TD\n", graph.ToString(), StringComparison.Ordinal);
        Assert.Contains("[\"count.sum (count_final)\"]", graph.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoFlowsAtOnce_OneFailingOnARecord_IsRestartedUpToItsLimitThenFailsAlone_NamingTheStepAndRecord_WhileTheOtherCompletes()
    {
        var lines = Enumerable.Range(0, 500).Select(i => $"w{i % 7} x").ToArray();
        var input = _dir.Write("in.txt", string.Join('\n', lines) + "\n");
        var output = Path.Combine(_dir.Path, "out.txt");
        var count = _dir.Write("count.csx", ServiceScripts.Count);
        var failing = _dir.Write("failing.csx", """
            var flow = new Dataflow("failing");
            flow.Input("read", new FileSource(Args["input"]))
                .Map("parse", line => line == "w3 x" ? throw new FormatException("bad line") : ("all", line))
                .Output("out", new FileSink(Args["output"]));
            flow
            """);
        await using var service = await RunningService.StartAsync(Data);

        await service.Client.SubmitAsync(failing, new SubmitOptions { MaxRestarts = 2, Arguments = Args(("input", input), ("output", Path.Combine(_dir.Path, "failing.txt"))) }).WaitAsync(_noHang);
        await service.Client.SubmitAsync(count, new SubmitOptions { Arguments = Args(("input", input), ("output", output)) }).WaitAsync(_noHang);
        var failed = await service.Client.WaitAsync("failing").WaitAsync(_noHang);
        var completed = await service.Client.WaitAsync("count").WaitAsync(_noHang);
        var status = await service.Client.StatusAsync("failing");

        Assert.NotNull(failed.Failure);
        Assert.Equal("parse", failed.Failure.StepId);
        Assert.Contains("bad line", failed.Failure.CauseMessage, StringComparison.Ordinal);
        Assert.Contains("w3 x", failed.Failure.Item, StringComparison.Ordinal);
        Assert.Equal(FlowStatus.Failed, status.Status);
        Assert.Equal(2, status.FailureRestarts);
        Assert.Equal("parse", status.End!.Failure!.StepId);
        Assert.Contains("bad line", status.End.Failure.CauseMessage, StringComparison.Ordinal);
        Assert.Null(completed.Failure);
        Assert.Equal(["w0\t72", "w1\t72", "w2\t72", "w3\t71", "w4\t71", "w5\t71", "w6\t71", "x\t500"], File.ReadAllLines(output).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Flow_FailingOnce_IsStartedAgainFromItsLastCommit_AndWritesEveryLineOnce()
    {
        var lines = Enumerable.Range(0, 2000).Select(i => $"line {i}").ToArray();
        var input = _dir.Write("in.txt", string.Join('\n', lines) + "\n");
        var output = Path.Combine(_dir.Path, "out.txt");
        var marker = _dir.Write("fail-once", "");
        var script = _dir.Write("flaky.csx", """
            var marker = Args["marker"];
            var flow = new Dataflow("flaky");
            flow.Input("read", new FileSource(Args["input"]))
                .Map("slow", line =>
                {
                    System.Threading.Thread.Sleep(1);
                    if (line == "line 1500" && File.Exists(marker))
                    {
                        File.Delete(marker);
                        throw new IOException("the disk hiccuped");
                    }

                    return ("all", line);
                })
                .Output("out", new FileSink(Args["output"]));
            flow
            """);
        await using var service = await RunningService.StartAsync(Data);

        await service.Client.SubmitAsync(script, new SubmitOptions { EpochInterval = TimeSpan.FromSeconds(0.1), Arguments = Args(("input", input), ("output", output), ("marker", marker)) }).WaitAsync(_noHang);
        var end = await service.Client.WaitAsync("flaky").WaitAsync(_noHang);
        var status = await service.Client.StatusAsync("flaky");

        Assert.Null(end.Failure);
        Assert.False(File.Exists(marker));
        Assert.Equal(1, status.FailureRestarts);
        Assert.Equal(lines, File.ReadAllLines(output));
    }

    [Fact]
    public async Task Flow_FailingEveryTime_StaysFailedAfterItsRestarts_WithTheErrorKept()
    {
        await using var service = await RunningService.StartAsync(Data);

        await SubmitPoison(service, maxRestarts: 1);
        var end = await service.Client.WaitAsync("poison").WaitAsync(_noHang);
        var status = await service.Client.StatusAsync("poison");

        Assert.Contains("cannot parse b", end.Failure?.CauseMessage, StringComparison.Ordinal);
        Assert.Equal(FlowStatus.Failed, status.Status);
        Assert.Equal(1, status.FailureRestarts);
        Assert.Equal("parse", status.End!.Failure!.StepId);
    }

    [Fact]
    public async Task Flow_StoppedWhileItWaitsToRestartAfterAFailure_StaysFailedAndIsNotRestarted()
    {
        await using var service = await RunningService.StartAsync(Data);
        await SubmitPoison(service, maxRestarts: 3);
        var failed = await service.Client.StatusAsync("poison");
        var deadline = DateTime.UtcNow + _noHang;
        while (failed.End is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20));
            failed = await service.Client.StatusAsync("poison");
        }

        var stopping = await service.Client.StopAsync("poison").WaitAsync(_noHang);
        // Past the first restart's 1 s backoff.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var status = await service.Client.StatusAsync("poison");

        Assert.True(stopping, "the stop said it stopped nothing, though it cancelled the restart");
        Assert.Equal(0, failed.FailureRestarts);
        Assert.Equal(FlowStatus.Failed, status.Status);
        Assert.Equal(FlowDesiredState.Stopped, status.DesiredState);
        Assert.Equal(0, status.FailureRestarts);
        Assert.Equal(failed.Deployment?.ExecutionId, status.Deployment?.ExecutionId);
        Assert.Contains("cannot parse b", status.End?.Failure?.CauseMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flow_StoppedThenResumed_GoesOnFromItsLastCommit_AndWritesEveryLineOnce()
    {
        await using var service = await RunningService.StartAsync(Data);
        var (lines, output) = await SubmitSlowCopy(service, 3000);
        Assert.True(SpinWait.SpinUntil(() => File.Exists(output) && new FileInfo(output).Length > 0, _noHang), "the flow wrote nothing");

        await service.Client.StopAsync("copy").WaitAsync(_noHang);
        var stopped = await service.Client.WaitAsync("copy").WaitAsync(_noHang);
        var linesWhenStopped = File.ReadAllLines(output).Length;
        await service.Client.ResumeAsync("copy").WaitAsync(_noHang);
        var end = await service.Client.WaitAsync("copy").WaitAsync(_noHang);

        Assert.Equal(Grains.Execution.ExecutionOutcome.Stopped, stopped.Outcome);
        Assert.InRange(linesWhenStopped, 1, lines.Length - 1);
        Assert.Equal(Grains.Execution.ExecutionOutcome.Completed, end.Outcome);
        Assert.Equal(lines, File.ReadAllLines(output));
    }

    [Fact]
    public async Task ClientCli_Stop_OfARunningFlowSaysItStops_AndOfTheEndedFlowThatItHadEnded()
    {
        await using var service = await RunningService.StartAsync(Data);
        var gateway = $"127.0.0.1:{service.Options.GatewayPort}";
        // 20 s of lines: still running when the stop comes, however slowly the client starts.
        await SubmitSlowCopy(service, 20_000);
        var running = new StringWriter();
        var ended = new StringWriter();

        var first = await Task.Run(() => ClientCli.Run(["stop", "copy", "--gateway", gateway], new StringWriter(), running)).WaitAsync(_noHang);
        var end = await service.Client.WaitAsync("copy").WaitAsync(_noHang);
        var second = await Task.Run(() => ClientCli.Run(["stop", "copy", "--gateway", gateway], new StringWriter(), ended)).WaitAsync(_noHang);

        Assert.Equal(ClientCli.Success, first);
        Assert.Contains("flow 'copy' stops after its current epoch", running.ToString(), StringComparison.Ordinal);
        Assert.Equal(Grains.Execution.ExecutionOutcome.Stopped, end.Outcome);
        Assert.Equal(ClientCli.Success, second);
        Assert.Contains("flow 'copy' has ended already", ended.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCli_NoSiloAtTheGateway_FailsSayingSo()
    {
        var error = new StringWriter();

        var code = await Task.Run(() => ClientCli.Run(["list", "--gateway", "127.0.0.1:9"], new StringWriter(), error)).WaitAsync(_noHang);

        Assert.Equal(ClientCli.Failure, code);
        Assert.Contains("no dataflow silo answered at gateway 127.0.0.1:9", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Submits <see cref="ServiceScripts.SlowCopy"/> as flow <c>copy</c> over <paramref name="lineCount"/> lines, in 0.1 s epochs; returns the lines and the file it copies them to.</summary>
    private async Task<(string[] Lines, string Output)> SubmitSlowCopy(RunningService service, int lineCount)
    {
        var lines = Enumerable.Range(0, lineCount).Select(i => $"line {i}").ToArray();
        var input = _dir.Write("in.txt", string.Join('\n', lines) + "\n");
        var output = Path.Combine(_dir.Path, "copy.txt");
        var script = _dir.Write("copy.csx", ServiceScripts.SlowCopy);
        await service.Client.SubmitAsync(script, new SubmitOptions { EpochInterval = TimeSpan.FromSeconds(0.1), Arguments = Args(("input", input), ("output", output)) }).WaitAsync(_noHang);
        return (lines, output);
    }

    /// <summary>Submits <see cref="ServiceScripts.Poison"/> as flow <c>poison</c> over the lines <c>a</c> and <c>b</c> (it fails on <c>b</c>), restarted at most <paramref name="maxRestarts"/> times.</summary>
    private async Task SubmitPoison(RunningService service, int maxRestarts)
    {
        var input = _dir.Write("in.txt", "a\nb\n");
        var script = _dir.Write("poison.csx", ServiceScripts.Poison);
        await service.Client.SubmitAsync(script, new SubmitOptions { MaxRestarts = maxRestarts, Arguments = Args(("input", input), ("output", Path.Combine(_dir.Path, "out.txt"))) }).WaitAsync(_noHang);
    }

    private static bool HoldsKeysInEveryPartition(FlowRecord record)
        => record.Progress is { Partitions: { Count: 2 } partitions } && partitions.All(p => p.Steps.Any(s => s.Kind == StepCountKind.Keys && s.Count > 0));

    private static Dictionary<string, string> Args(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}

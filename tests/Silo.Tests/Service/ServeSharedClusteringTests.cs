using System.Net;
using Npgsql;
using Orleans.Dataflow.Client;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Service;

/// <summary><c>serve --clustering postgres://…</c> as two processes, each with a data directory of its own as on two machines: one database holds their membership, the flow registry and the flow's recovery store.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ServeSharedClusteringTests(PostgresServer postgres) : IDisposable
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(45);

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Flow_OnTwoSilosSharingADatabase_IsListedByBoth_AndFinishesOnTheSecondWithEveryLineOnce_WhenTheFirstIsKilled()
    {
        // A millisecond a line: 12 s of copying, so the flow is still running when the test, slowed by a loaded
        // machine, has seen its first output and asked for its status (with 6 s it had once already completed).
        var lines = Enumerable.Range(0, 12_000).Select(i => $"line {i}").ToArray();
        var input = _dir.Write("in.txt", string.Join('\n', lines) + "\n");
        var output = Path.Combine(_dir.Path, "out.txt");
        var script = _dir.Write("copy.csx", ServiceScripts.SlowCopy);
        var database = postgres.CreateDatabase();
        var clustering = postgres.UrlOf(database);
        var (firstGateway, secondGateway) = (RunningService.FreePort(), RunningService.FreePort());
        using var first = Serve(clustering, "first", firstGateway);
        using var second = Serve(clustering, "second", secondGateway);
        Assert.True(first.WaitForError("serving on", _noHang), "the first silo did not start");
        Assert.True(second.WaitForError("serving on", _noHang), "the second silo did not start");
        await using var secondClient = await DataflowClient.ConnectAsync(new DataflowClientOptions { Gateway = new IPEndPoint(IPAddress.Loopback, secondGateway), ConnectTimeout = TimeSpan.FromSeconds(60) });
        await using (var firstClient = await DataflowClient.ConnectAsync(new DataflowClientOptions { Gateway = new IPEndPoint(IPAddress.Loopback, firstGateway), ConnectTimeout = TimeSpan.FromSeconds(60) }))
        {
            await firstClient.SubmitAsync(script, new SubmitOptions { Workers = 2, EpochInterval = TimeSpan.FromSeconds(0.2), Arguments = new Dictionary<string, string> { ["input"] = input, ["output"] = output } }).WaitAsync(_noHang);
        }

        var listedBySecond = await secondClient.ListAsync().WaitAsync(_noHang);
        Assert.True(SpinWait.SpinUntil(() => File.Exists(output) && new FileInfo(output).Length > 0, _noHang), "the flow wrote nothing");
        var beforeKill = await secondClient.StatusAsync("copy").WaitAsync(_noHang);
        Assert.True(first.KillHard(), "the first silo had exited before the kill");
        var end = await secondClient.WaitAsync("copy").WaitAsync(_noHang);
        var listedAtEnd = await secondClient.ListAsync().WaitAsync(_noHang);
        second.Terminate();

        var listed = Assert.Single(listedBySecond);
        Assert.Equal(("copy", FlowStatus.Running), (listed.Id, listed.Record.Status));
        Assert.Equal(FlowStatus.Running, beforeKill.Status);
        Assert.Equal(FlowStatus.Completed, Assert.Single(listedAtEnd).Record.Status);
        Assert.Null(end.Failure);
        Assert.Equal(lines, File.ReadAllLines(output));
        // The client's default store, stores/copy, is the flow's rows in the shared database, not a directory of either silo.
        Assert.Equal(["stores/copy"], StoredFlows(database));
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "first", "stores")) || Directory.Exists(Path.Combine(_dir.Path, "second", "stores")), "a silo kept the recovery store in its own data directory");
    }

    public void Dispose() => _dir.Dispose();

    private SiloProcess Serve(string clustering, string data, int gatewayPort) => SiloProcess.Start(_dir.Path, "serve",
        "--clustering", clustering, "--data", Path.Combine(_dir.Path, data),
        "--silo-port", $"{RunningService.FreePort()}", "--gateway-port", $"{gatewayPort}", "--http-port", $"{RunningService.FreePort()}");

    private List<string> StoredFlows(string database)
    {
        using var connection = new NpgsqlConnection(postgres.ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand("SELECT flow_id FROM dataflow_flows ORDER BY flow_id", connection);
        using var reader = command.ExecuteReader();
        var flows = new List<string>();
        while (reader.Read())
        {
            flows.Add(reader.GetString(0));
        }

        return flows;
    }
}

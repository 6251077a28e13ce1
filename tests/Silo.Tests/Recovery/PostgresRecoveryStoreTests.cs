using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Silo.Recovery;
using Orleans.Dataflow.Silo.Tests.TestSupport;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Silo.Tests.Recovery;

/// <summary>What the PostgreSQL store adds to the contract: flows sharing a database, errors naming the server and never the password, runs through <c>-r postgres://</c>.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRecoveryStoreTests(PostgresServer server) : IDisposable
{
    private const int Seed = 20_250_612;
    private readonly string _database = server.CreateDatabase();
    private readonly TempDirectory _dir = new();

    private string Url => server.UrlOf(_database);

    [Fact]
    public void BeginExecution_WhileAnotherRunHoldsTheFlow_IsRefusedNamingTheHolder_AndAllowedOnceItEnds()
    {
        var first = PostgresRecoveryStore.Open(Url, "held", keepEpochs: 0);
        first.BeginExecution(1);
        using var second = PostgresRecoveryStore.Open(Url, "held", keepEpochs: 0);
        using var otherFlow = PostgresRecoveryStore.Open(Url, "not held", keepEpochs: 0);

        var error = Assert.Throws<RecoveryStoreException>(() => second.BeginExecution(1));
        otherFlow.BeginExecution(1);
        first.Dispose();
        var begun = second.BeginExecution(1);

        Assert.Contains($"is in use by another execution of flow 'held' (held by host {Environment.MachineName}, process {Environment.ProcessId}, since ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("password", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(begun.Execution > 0);
    }

    [Fact]
    public void Open_TwoFlowsInOneDatabase_KeepSeparateState()
    {
        using var sales = PostgresRecoveryStore.Open(Url, "sales", keepEpochs: 0);
        using var clicks = PostgresRecoveryStore.Open(Url, "clicks", keepEpochs: 0);
        sales.BeginExecution(1);
        clicks.BeginExecution(1);
        for (var epoch = 1; epoch <= 5; epoch++)
        {
            sales.Write("sum", 0, epoch, [Snapshot("k", $"sales {epoch}")]);
            sales.Commit(epoch);
        }

        // Same step and key, uncommitted past epoch 1: clicks' next execution drops its epoch 2, never sales' epochs 2 to 5.
        clicks.Write("sum", 0, 1, [Snapshot("k", "clicks 1"), Snapshot("only clicks", "c")]);
        clicks.Write("sum", 0, 2, [Snapshot("k", "clicks 2")]);
        clicks.Commit(1);

        var clicksResume = clicks.BeginExecution(1);
        var salesResume = sales.BeginExecution(1);

        Assert.Equal(2, clicksResume.Epoch);
        Assert.Equal(6, salesResume.Epoch);
        Assert.Equal([("k", "clicks 1"), ("only clicks", "c")], Keys(clicksResume));
        Assert.Equal([("k", "sales 5")], Keys(salesResume));
    }

    [Fact]
    public void Open_ClosedPort_ThrowsNamingHostAndPortButNotThePassword()
    {
        var port = ClosedPort();

        var error = Assert.Throws<RecoveryStoreException>(() =>
            PostgresRecoveryStore.Open($"postgres://dataflow:secret-word@127.0.0.1:{port}/flows", "flow", keepEpochs: 0));

        Assert.Contains($"127.0.0.1:{port}/flows", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-word", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WrongPassword_ThrowsSayingTheLoginWasRefusedWithoutThePassword()
    {
        var url = Url.Replace(Uri.EscapeDataString(PostgresServer.Password), "secret-word", StringComparison.Ordinal);

        var error = Assert.Throws<RecoveryStoreException>(() => PostgresRecoveryStore.Open(url, "flow", keepEpochs: 0));

        Assert.Contains("refused the login", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{server.Port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-word", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DatabaseThatDoesNotExist_ThrowsSayingToCreateIt()
    {
        var error = Assert.Throws<RecoveryStoreException>(() => PostgresRecoveryStore.Open(server.UrlOf("no_such_database"), "flow", keepEpochs: 0));

        Assert.Contains($"127.0.0.1:{server.Port}/no_such_database", error.Message, StringComparison.Ordinal);
        Assert.Contains("create the database first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DatabaseOfAnotherFormat_ThrowsNamingBothFormatsAndChangesNothing()
    {
        using (var store = PostgresRecoveryStore.Open(Url, "flow", keepEpochs: 0))
        {
            store.BeginExecution(1);
        }

        Sql("DROP TABLE dataflow_progress; UPDATE dataflow_meta SET value = 'orleans-dataflow-recovery-postgres-0' WHERE name = 'format'");

        var error = Assert.Throws<RecoveryStoreException>(() => PostgresRecoveryStore.Open(Url, "flow", keepEpochs: 0));

        Assert.Contains("has format 'orleans-dataflow-recovery-postgres-0', not 'orleans-dataflow-recovery-postgres-1'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, Sql("SELECT COUNT(*) FROM pg_tables WHERE tablename = 'dataflow_progress'"));
    }

    [Fact]
    public async Task Open_EightStoresAtOnceOnANewDatabase_AllCreateTheSameTables()
    {
        using var start = new Barrier(8);
        var opens = Enumerable.Range(0, 8).Select(i => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            using var store = PostgresRecoveryStore.Open(Url, $"flow{i}", keepEpochs: 0);
            store.BeginExecution(1);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));

        await Task.WhenAll(opens);

        Assert.Equal(8L, Sql("SELECT COUNT(*) FROM dataflow_flows"));
    }

    [Fact]
    public void BeginExecution_EachTime_RecordsTheExecutionAndItsWorkersProgress()
    {
        using var store = PostgresRecoveryStore.Open(Url, "flow", keepEpochs: 0);
        store.BeginExecution(2);
        store.RecordProgress(0, 1);
        store.RecordProgress(1, 1);
        store.RecordProgress(0, 2);
        store.Commit(1);

        store.BeginExecution(3);
        store.RecordProgress(2, 2);

        Assert.Equal("1:2:1 2:3:2", Sql("SELECT string_agg(execution || ':' || worker_count || ':' || resume_epoch, ' ' ORDER BY execution) FROM dataflow_executions"));
        Assert.Equal("1:0:2 1:1:1 2:2:2", Sql("SELECT string_agg(execution || ':' || worker_index || ':' || epoch, ' ' ORDER BY execution, worker_index) FROM dataflow_progress"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Commit_EveryKeyWrittenEveryEpoch_KeepsOnlyTheSnapshotsARestoreMayNeed(long keepEpochs)
    {
        using var store = PostgresRecoveryStore.Open(Url, "flow", keepEpochs);
        store.BeginExecution(1);
        store.Write("sum", 0, 1, [Snapshot("gone", "g1")]);
        store.Write("sum", 0, 2, [Snapshot("gone", null)]);
        for (var epoch = 1; epoch <= 30; epoch++)
        {
            store.Write("sum", 0, epoch, [.. Enumerable.Range(0, 10).Select(i => Snapshot($"k{i}", $"{epoch}"))]);
            store.Commit(epoch);
        }

        // Collected up to epoch 29 - keepEpochs: each key keeps its snapshot there and every later one; the tombstoned key keeps nothing.
        Assert.Equal(10 * (keepEpochs + 2), store.SnapshotCount());
        Assert.Equal(0L, Sql("SELECT COUNT(*) FROM dataflow_snapshots WHERE state_key = 'gone'::bytea"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Commit_TheSameCallsAsOnSqlite_ResumesTheSameState(long keepEpochs)
    {
        using var postgres = PostgresRecoveryStore.Open(Url, "flow", keepEpochs);
        using var sqlite = SqliteRecoveryStore.Open(Path.Combine(_dir.Path, "recovery"), "flow", keepEpochs, partitionsIfNew: 3);
        var random = new Random(Seed);
        postgres.BeginExecution(2);
        sqlite.BeginExecution(2);
        for (var epoch = 1; epoch <= 40; epoch++)
        {
            // Worker 1 runs an epoch ahead of the commit, as workers do; some keys get tombstones, some come back.
            foreach (var (worker, at) in new[] { (0, epoch), (1, epoch + 1) })
            {
                var batch = Enumerable.Range(0, random.Next(1, 8))
                    .Select(_ => Snapshot($"k{random.Next(12)}", random.Next(4) == 0 ? null : $"{at}-{random.Next(100)}")).ToList();
                postgres.Write("sum", worker, at, batch);
                sqlite.Write("sum", worker, at, batch);
            }

            postgres.Commit(epoch);
            sqlite.Commit(epoch);
            if (epoch % 5 == 0)
            {
                // A restart here drops worker 1's uncommitted epoch in both stores alike.
                var fromPostgres = postgres.BeginExecution(2);
                var fromSqlite = sqlite.BeginExecution(2);
                Assert.True(fromSqlite.Epoch == fromPostgres.Epoch && Keys(fromSqlite).SequenceEqual(Keys(fromPostgres)),
                    $"after committing epoch {epoch} (seed {Seed}): SQLite resumes {Describe(fromSqlite)}, PostgreSQL {Describe(fromPostgres)}");
            }
        }
    }

    [Fact]
    public void RunMain_PostgresUrl_TheNextRunContinuesAfterTheFirst()
    {
        var items = new List<TestingItem<int>> { 1, 2, TestingMarker.Eof(), 3, 4 };
        var output = new List<int>();
        var flow = new Dataflow("test_df");
        flow.Input("inp", new TestingSource<int>(items)).Output("out", new TestingSink<int>(output));
        var options = new RunOptions { RecoveryDirectory = Url.Replace("postgres://", "postgresql://", StringComparison.Ordinal), WorkerCount = 2 };

        DataflowRunner.RunMain(flow, options);
        DataflowRunner.RunMain(flow, options);

        Assert.Equal([1, 2, 3, 4], output);
        Assert.Equal(2L, Sql("SELECT COUNT(*) FROM dataflow_executions WHERE flow_id = 'test_df'"));
    }

    [Fact]
    public void RunMain_SnapshotThatDoesNotDeserialize_FailsNamingTheServerAndTable()
    {
        UndeserializableSnapshot.WriteTo(PostgresRecoveryStore.Open(Url, "sums", keepEpochs: 0));

        var error = UndeserializableSnapshot.Resume(Url);

        Assert.Contains("restoring key \"a\" from its snapshot before epoch 2 in table dataflow_snapshots of PostgreSQL 127.0.0.1:", error.During, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresServer.Password, error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private static StateSnapshot Snapshot(string key, string? state) => new(key, state is null ? null : Encoding.UTF8.GetBytes(state));

    private static List<(string Key, string State)> Keys(ResumePoint resume) =>
        [.. resume.KeysOf("sum").Select(k => (k.Key, Encoding.UTF8.GetString(k.Value))).OrderBy(k => k.Key, StringComparer.Ordinal)];

    private static string Describe(ResumePoint resume) => $"epoch {resume.Epoch} with {string.Join(", ", Keys(resume).Select(k => $"{k.Key}={k.State}"))}";

    /// <summary>A port on 127.0.0.1 that nothing listens on: one the system just handed out and took back.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs <paramref name="sql"/> on the test's database as the superuser and returns the first value it selects.</summary>
    private object? Sql(string sql)
    {
        using var connection = new NpgsqlConnection(server.ConnectionString(_database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }
}

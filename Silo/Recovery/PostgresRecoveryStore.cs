using System.Text;
using Npgsql;
using NpgsqlTypes;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Silo.Recovery;

/// <summary>The cluster recovery store: one PostgreSQL database that processes on several machines share, each flow keeping its own rows.</summary>
/// <remarks>
/// <para>Keeps what <see cref="SqliteRecoveryStore"/> keeps — snapshots per (step, key, epoch), the flow's last commit
/// and collection floor, its executions and each worker's progress — in tables every flow shares, keyed by flow
/// id, so flows never see each other's rows (<see cref="PostgresSchema"/>). Every call is one transaction:
/// a lost connection or a failing statement leaves the flow at its last commit, never half-way through one.</para>
/// <para>Thread-safe: each call takes its own connection from a pooled data source, so workers write concurrently.
/// Errors are <see cref="RecoveryStoreException"/>s naming the server as <c>host:port/database</c> (never the
/// password) and what failed.</para>
/// </remarks>
public sealed class PostgresRecoveryStore : IRecoveryStore, IDisposable
{
    private static readonly UTF8Encoding _keyEncoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _server;
    private readonly string _flowId;
    private readonly long _keepEpochs;
    private long _execution;

    // The session that holds the flow's advisory lock while this store begins its executions; PostgreSQL releases
    // the lock when the session ends, so a process that dies gives it up.
    private NpgsqlConnection? _holder;

    private PostgresRecoveryStore(NpgsqlDataSource dataSource, string server, string flowId, long keepEpochs)
    {
        _dataSource = dataSource;
        _server = server;
        _flowId = flowId;
        _keepEpochs = keepEpochs;
    }

    /// <summary>Connects to the database <paramref name="connectionUrl"/> names, creates the store's tables if missing, and opens the store of flow <paramref name="flowId"/>.</summary>
    /// <param name="connectionUrl"><c>postgres://user:password@host:port/database</c> (or <c>postgresql://</c>); user and password percent-encoded, port 5432 by default.</param>
    /// <param name="flowId">The flow whose rows this store reads and writes; other flows' rows in the database are untouched.</param>
    /// <param name="keepEpochs">How many committed epochs superseded snapshots are kept for (the backup interval over the snapshot interval, rounded up).</param>
    /// <exception cref="RecoveryStoreException">The URL is malformed, the server cannot be reached or refuses the login, or the database holds another format's tables.</exception>
    public static PostgresRecoveryStore Open(string connectionUrl, string flowId, long keepEpochs)
    {
        ArgumentNullException.ThrowIfNull(connectionUrl);
        ArgumentNullException.ThrowIfNull(flowId);
        ArgumentOutOfRangeException.ThrowIfNegative(keepEpochs);
        var url = PostgresConnectionUrl.Parse(connectionUrl);
        var store = new PostgresRecoveryStore(NpgsqlDataSource.Create(url.ConnectionString), url.Server, flowId, keepEpochs);
        try
        {
            var format = store.Run("opening the store", PostgresSchema.Ensure);
            if (format != PostgresSchema.Format)
            {
                throw new RecoveryStoreException(
                    $"PostgreSQL recovery store {url.Server} has format '{format}', not '{PostgresSchema.Format}'; nothing was changed: use another database for this version");
            }

            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>How many snapshots (tombstones included) the flow holds: what garbage collection keeps small.</summary>
    public long SnapshotCount() => Run("counting snapshots", connection =>
    {
        using var command = Command(connection, "SELECT COUNT(*) FROM dataflow_snapshots WHERE flow_id = @flow");
        return (long)command.ExecuteScalar()!;
    });

    /// <inheritdoc/>
    /// <exception cref="RecoveryStoreException">Another store holds the flow for an execution of its own; the message names the holder and since when.</exception>
    public ResumePoint BeginExecution(int workerCount, SnapshotFilter? restore = null) => Run("beginning an execution", connection =>
    {
        HoldFlow();
        using var transaction = connection.BeginTransaction();
        using (var flow = Command(connection, "INSERT INTO dataflow_flows VALUES (@flow, 0, 0) ON CONFLICT (flow_id) DO NOTHING"))
        {
            flow.ExecuteNonQuery();
        }

        long committed;
        using (var read = Command(connection, "SELECT committed_epoch FROM dataflow_flows WHERE flow_id = @flow FOR UPDATE"))
        {
            committed = (long)read.ExecuteScalar()!;
        }

        var resume = committed + 1;
        using (var drop = Command(connection, "DELETE FROM dataflow_snapshots WHERE flow_id = @flow AND epoch >= @resume", ("resume", resume)))
        {
            drop.ExecuteNonQuery();
        }

        using (var record = Command(connection,
            "INSERT INTO dataflow_executions SELECT @flow, COALESCE(MAX(execution), 0) + 1, @workers, @resume, now() FROM dataflow_executions WHERE flow_id = @flow RETURNING execution",
            ("workers", workerCount), ("resume", resume)))
        {
            _execution = (long)record.ExecuteScalar()!;
        }

        var steps = committed == 0 ? null : LoadNewest(connection, resume, restore ?? SnapshotFilter.All);
        transaction.Commit();
        return (steps is null ? ResumePoint.Fresh : ResumePointOf(resume, steps)).ForExecution(_execution);
    });

    /// <inheritdoc/>
    public ResumePoint ReadResume(long epoch, SnapshotFilter? restore = null) => epoch <= DataflowExecution.FirstEpoch ? ResumePoint.Fresh
        : Run("reading the snapshots to resume from", connection => ResumePointOf(epoch, LoadNewest(connection, epoch, restore ?? SnapshotFilter.All)));

    private ResumePoint ResumePointOf(long epoch, Dictionary<string, Dictionary<string, byte[]>> steps)
        => new(epoch, steps.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, byte[]>)s.Value, StringComparer.Ordinal),
            (step, _) => $"table {PostgresSchema.SnapshotsTable} of PostgreSQL {_server} (flow '{_flowId}', step '{step}')");

    /// <inheritdoc/>
    public void Write(string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
        => Write(_execution, stepId, workerIndex, epoch, snapshots);

    /// <inheritdoc/>
    public void Write(long execution, string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
    {
        if (snapshots.Count == 0)
        {
            return;
        }

        // One upsert may not touch a row twice, so the last write of a key wins here; sorted, so concurrent writers lock rows in one order.
        var latest = new SortedDictionary<string, byte[]?>(StringComparer.Ordinal);
        foreach (var snapshot in snapshots)
        {
            latest[snapshot.Key] = snapshot.State;
        }

        var keys = latest.Keys.Select(EncodeKey).ToArray();
        var states = latest.Values.ToArray();
        Run($"writing {keys.Length} snapshot(s) of step '{stepId}' at epoch {epoch}", connection =>
        {
            using var transaction = connection.BeginTransaction();
            HoldFlowRow(connection, exclusive: false);
            RefuseIfReplaced(connection, execution, $"the snapshots of step '{stepId}' at epoch {epoch}");
            using var upsert = Command(connection,
                "INSERT INTO dataflow_snapshots SELECT @flow, @step, k, @epoch, s FROM unnest(@keys, @states) AS t(k, s) "
                + "ON CONFLICT (flow_id, step_id, state_key, epoch) DO UPDATE SET state = EXCLUDED.state",
                ("step", stepId), ("epoch", epoch));
            upsert.Parameters.Add(new NpgsqlParameter<byte[][]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = keys });
            upsert.Parameters.Add(new NpgsqlParameter<byte[]?[]>("states", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = states });
            upsert.ExecuteNonQuery();
            transaction.Commit();
            return 0;
        });
    }

    /// <inheritdoc/>
    public void RecordProgress(int workerIndex, long epoch) => RecordProgress(_execution, workerIndex, epoch);

    /// <inheritdoc/>
    public void RecordProgress(long execution, int workerIndex, long epoch) => Run($"recording the progress of worker {workerIndex}", connection =>
    {
        using var transaction = connection.BeginTransaction();
        HoldFlowRow(connection, exclusive: false);
        RefuseIfReplaced(connection, execution, $"the progress of worker {workerIndex} to epoch {epoch}");
        using var upsert = Command(connection,
            "INSERT INTO dataflow_progress VALUES (@flow, @execution, @worker, @epoch) ON CONFLICT (flow_id, execution, worker_index) DO UPDATE SET epoch = EXCLUDED.epoch",
            ("execution", execution), ("worker", workerIndex), ("epoch", epoch));
        upsert.ExecuteNonQuery();
        transaction.Commit();
        return 0;
    });

    /// <inheritdoc/>
    public void Commit(long epoch) => Commit(_execution, epoch);

    /// <inheritdoc/>
    /// <remarks>
    /// Every call goes to the database, even for an epoch already committed (where it changes nothing: the flow's
    /// commit only grows), because this instance knows only the executions it began itself and only the database can
    /// tell that another has begun since.
    /// </remarks>
    public void Commit(long execution, long epoch)
    {
        var gcFloor = Math.Max(0, epoch - 1 - _keepEpochs);
        Run($"committing epoch {epoch}", connection =>
        {
            using var transaction = connection.BeginTransaction();
            var previousFloor = HoldFlowRow(connection, exclusive: true);
            RefuseIfReplaced(connection, execution, $"the commit of epoch {epoch}");
            if (gcFloor > previousFloor)
            {
                // Only keys written since the last collection can have snapshots superseded at or before the floor, so
                // the work follows the epochs' writes, not the store's size.
                using var collect = Command(connection,
                    "WITH touched AS (SELECT step_id, state_key, MAX(epoch) AS newest FROM dataflow_snapshots "
                    + "WHERE flow_id = @flow AND epoch > @previous AND epoch <= @floor GROUP BY step_id, state_key) "
                    + "DELETE FROM dataflow_snapshots s USING touched t WHERE s.flow_id = @flow AND s.step_id = t.step_id AND s.state_key = t.state_key "
                    + "AND (s.epoch < t.newest OR (s.epoch = t.newest AND s.state IS NULL))",
                    ("previous", previousFloor), ("floor", gcFloor));
                collect.ExecuteNonQuery();
            }

            using (var mark = Command(connection,
                "UPDATE dataflow_flows SET committed_epoch = GREATEST(committed_epoch, @epoch), gc_floor = GREATEST(gc_floor, @floor) WHERE flow_id = @flow",
                ("epoch", epoch), ("floor", gcFloor)))
            {
                mark.ExecuteNonQuery();
            }

            transaction.Commit();
            return 0;
        });
    }

    /// <summary>Closes the pooled connections; the data stays in the database for the next execution.</summary>
    public void Dispose()
    {
        if (_holder is { } holder)
        {
            Release(holder);
        }

        _dataSource.Dispose();
    }

    /// <summary>Locks the flow's row for the rest of the transaction, shared for a write or progress, <paramref name="exclusive"/> for a commit, and returns its collection floor (0 before the flow's first execution).</summary>
    /// <remarks>
    /// Either way the lock waits for an execution that is beginning (it holds the row for update) and keeps the next
    /// from beginning until the transaction ends, so a check of the executions after it, which reads them in a new
    /// snapshot, stays true until then.
    /// </remarks>
    private long HoldFlowRow(NpgsqlConnection connection, bool exclusive)
    {
        using var hold = Command(connection, $"SELECT gc_floor FROM dataflow_flows WHERE flow_id = @flow {(exclusive ? "FOR UPDATE" : "FOR SHARE")}");
        return hold.ExecuteScalar() is long floor ? floor : 0;
    }

    /// <summary>Throws <see cref="SupersededExecutionException"/>, naming <paramref name="refused"/>, when an execution of the flow newer than <paramref name="execution"/> has begun; call it after <see cref="HoldFlowRow"/>.</summary>
    private void RefuseIfReplaced(NpgsqlConnection connection, long execution, string refused)
    {
        using var newest = Command(connection, "SELECT COALESCE(MAX(execution), 0) FROM dataflow_executions WHERE flow_id = @flow");
        if ((long)newest.ExecuteScalar()! is var current && current > execution)
        {
            throw new SupersededExecutionException(
                $"PostgreSQL recovery store {_server} (flow '{_flowId}') refused {refused}: execution {execution} was replaced by execution {current}");
        }
    }

    /// <summary>The advisory lock of this flow's executions in the database.</summary>
    private long HolderLockId => unchecked((long)Serialization.StableHash.Of($"orleans-dataflow recovery holder {_flowId}"));

    /// <summary>Takes the flow's advisory lock on a session of its own, once, and records who holds it.</summary>
    /// <exception cref="RecoveryStoreException">Another session holds it: another run of this flow uses the store.</exception>
    private void HoldFlow()
    {
        if (_holder is not null)
        {
            return;
        }

        var connection = _dataSource.OpenConnection();
        try
        {
            // A holder whose machine died without closing its connection must not keep the lock for hours.
            using (var keepalive = Command(connection, "SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3"))
            {
                keepalive.ExecuteNonQuery();
            }

            using (var take = Command(connection, "SELECT pg_try_advisory_lock(@lock)", ("lock", HolderLockId)))
            {
                if (!(bool)take.ExecuteScalar()!)
                {
                    using var who = Command(connection, "SELECT holder FROM dataflow_holders WHERE flow_id = @flow");
                    var holder = who.ExecuteScalar() as string ?? "its holder is not recorded";
                    throw new RecoveryStoreException(
                        $"PostgreSQL recovery store {_server} is in use by another execution of flow '{_flowId}' (held by {holder}): a store serves one execution of a flow at a time; stop that run, or give this flow another id or database");
                }
            }

            var me = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"host {Environment.MachineName}, process {Environment.ProcessId}, since {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
            using (var record = Command(connection, "INSERT INTO dataflow_holders VALUES (@flow, @holder) ON CONFLICT (flow_id) DO UPDATE SET holder = excluded.holder", ("holder", me)))
            {
                record.ExecuteNonQuery();
            }

            _holder = connection;
        }
        catch
        {
            Release(connection);
            throw;
        }
    }

    /// <summary>Gives up whatever advisory lock <paramref name="connection"/>'s session holds and closes it: a pooled session would keep its locks.</summary>
    private static void Release(NpgsqlConnection connection)
    {
        try
        {
            using var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
            release.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // The session is gone, and its locks with it.
        }

        connection.Dispose();
    }

    /// <summary>The newest snapshot before the resume epoch of every live key, by step; tombstoned keys are left out.</summary>
    private Dictionary<string, Dictionary<string, byte[]>> LoadNewest(NpgsqlConnection connection, long before, SnapshotFilter restore)
    {
        var steps = new Dictionary<string, Dictionary<string, byte[]>>(StringComparer.Ordinal);
        if (restore.ReadsNothing)
        {
            return steps;
        }

        using var select = Command(connection,
            "SELECT step_id, state_key, state FROM (SELECT DISTINCT ON (step_id, state_key) step_id, state_key, state FROM dataflow_snapshots "
            + "WHERE flow_id = @flow AND epoch < @before ORDER BY step_id, state_key, epoch DESC) newest WHERE state IS NOT NULL", ("before", before));
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var step = reader.GetString(0);
            var key = _keyEncoding.GetString(reader.GetFieldValue<byte[]>(1));
            if (!restore.Keeps(step, key))
            {
                continue;
            }

            if (!steps.TryGetValue(step, out var keys))
            {
                steps[step] = keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            }

            keys[key] = reader.GetFieldValue<byte[]>(2);
        }

        return steps;
    }

    /// <summary>A key's bytes: UTF-8, refusing a lone surrogate instead of turning it into a replacement character that another key may also become.</summary>
    private byte[] EncodeKey(string key)
    {
        try
        {
            return _keyEncoding.GetBytes(key);
        }
        catch (EncoderFallbackException e)
        {
            throw new RecoveryStoreException($"PostgreSQL recovery store {_server}: a state key is not valid Unicode (it holds a lone surrogate) and cannot be stored", e);
        }
    }

    /// <summary>A command on <paramref name="connection"/> with <c>@flow</c> bound to this store's flow, and <paramref name="parameters"/>.</summary>
    private NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("flow", _flowId);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    /// <summary>Runs <paramref name="action"/> on a pooled connection, turning a connection failure or SQL error into a <see cref="RecoveryStoreException"/> saying what was being done.</summary>
    private T Run<T>(string what, Func<NpgsqlConnection, T> action)
    {
        try
        {
            using var connection = _dataSource.OpenConnection();
            return action(connection);
        }
        catch (NpgsqlException e)
        {
            throw new RecoveryStoreException($"PostgreSQL recovery store {_server} (flow '{_flowId}'): {what} failed: {Describe(e)}", e);
        }
    }

    /// <summary>What went wrong, in words a user can act on; the message of a failed connection carries its cause (refused, timed out).</summary>
    private static string Describe(NpgsqlException e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } p =>
            $"the server refused the login ({p.MessageText}); check the user and password in the URL",
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } p => $"{p.MessageText}; create the database first",
        PostgresException { SqlState: PostgresErrorCodes.DiskFull } p => $"the server's disk is full ({p.MessageText}); the epoch being written is not committed",
        PostgresException p => $"{p.SqlState}: {p.MessageText}",
        { InnerException: { } inner } => $"{e.Message} ({inner.Message})",
        _ => e.Message,
    };
}

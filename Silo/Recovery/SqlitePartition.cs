using Microsoft.Data.Sqlite;

namespace Orleans.Dataflow.Silo.Recovery;

/// <summary>One recovery partition: a SQLite database file holding the snapshots of the keys hashed to it, its commit, and the executions' progress.</summary>
/// <remarks>
/// WAL journal with full sync, so a process killed mid-write leaves the last committed transaction intact. Every
/// write is one transaction. Calls are serialized on the partition's lock: workers write to it concurrently.
/// </remarks>
internal sealed class SqlitePartition : IDisposable
{
    /// <summary>The format this code reads and writes; another value is refused, never upgraded in place.</summary>
    public const string Format = "orleans-dataflow-recovery-1";

    private static readonly string[] _schema =
    [
        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        "CREATE TABLE snaps (step_id TEXT NOT NULL, state_key TEXT NOT NULL, epoch INTEGER NOT NULL, state BLOB, PRIMARY KEY (step_id, state_key, epoch)) WITHOUT ROWID",
        "CREATE INDEX snaps_by_epoch ON snaps (epoch)",
        "CREATE TABLE commits (committed_epoch INTEGER NOT NULL, gc_floor INTEGER NOT NULL)",
        "INSERT INTO commits VALUES (0, 0)",
        "CREATE TABLE executions (execution INTEGER PRIMARY KEY, worker_count INTEGER NOT NULL, resume_epoch INTEGER NOT NULL, started TEXT NOT NULL)",
        "CREATE TABLE progress (execution INTEGER NOT NULL, worker_index INTEGER NOT NULL, epoch INTEGER NOT NULL, PRIMARY KEY (execution, worker_index)) WITHOUT ROWID",
    ];

    private readonly object _gate = new();
    private readonly SqliteConnection _connection;

    private SqlitePartition(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The partition's database file.</summary>
    public string Path { get; }

    /// <summary>Creates partition <paramref name="index"/> of <paramref name="count"/> at <paramref name="path"/>, which must not exist.</summary>
    public static void Create(string path, int index, int count)
    {
        if (File.Exists(path))
        {
            throw new RecoveryStoreException($"recovery partition '{path}' already exists; nothing was overwritten");
        }

        using var connection = Connect(path, SqliteOpenMode.ReadWriteCreate);
        using var transaction = connection.BeginTransaction();
        foreach (var statement in _schema)
        {
            Execute(connection, transaction, statement);
        }

        foreach (var (name, value) in new[] { ("format", Format), ("partition_index", $"{index}"), ("partition_count", $"{count}") })
        {
            Execute(connection, transaction, "INSERT INTO meta VALUES ($name, $value)", ("$name", name), ("$value", value));
        }

        transaction.Commit();
    }

    /// <summary>Opens the existing partition at <paramref name="path"/> and checks that it is one: a readable database of this format.</summary>
    /// <param name="path">The partition file.</param>
    /// <param name="maxPageCount">A cap on the file's size in pages, which SQLite reports as a full disk; null for none (tests set it).</param>
    public static SqlitePartition Open(string path, int? maxPageCount = null)
    {
        SqliteConnection? connection = null;
        try
        {
            connection = Connect(path, SqliteOpenMode.ReadWrite);
            if (maxPageCount is { } pages)
            {
                Execute(connection, null, $"PRAGMA max_page_count = {pages}");
            }

            var partition = new SqlitePartition(path, connection);
            var format = partition.Meta("format");
            if (format != Format)
            {
                throw new RecoveryStoreException($"recovery partition '{path}' has format '{format ?? "(none)"}', not '{Format}'");
            }

            return partition;
        }
        catch (SqliteException e)
        {
            connection?.Dispose();
            throw new RecoveryStoreException($"recovery partition '{path}' is not a readable recovery database ({e.Message}); restore it from a backup, or delete the recovery directory to start over", e);
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
    }

    /// <summary>A value of the partition's meta table, or null when it has none.</summary>
    public string? Meta(string name) => Locked(() =>
    {
        using var command = Command(null, "SELECT value FROM meta WHERE name = $name", ("$name", name));
        return command.ExecuteScalar() as string;
    });

    /// <summary>Sets a value of the partition's meta table.</summary>
    public void SetMeta(string name, string value) => Locked(() =>
    {
        using var transaction = _connection.BeginTransaction();
        Execute(_connection, transaction, "INSERT OR REPLACE INTO meta VALUES ($name, $value)", ("$name", name), ("$value", value));
        transaction.Commit();
    });

    /// <summary>The partition's last committed epoch and the epoch before which it has collected superseded snapshots.</summary>
    public (long Committed, long GcFloor) Commits() => Locked(() =>
    {
        using var command = Command(null, "SELECT committed_epoch, gc_floor FROM commits");
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new RecoveryStoreException($"recovery partition '{Path}' has no commit record");
        }

        return (reader.GetInt64(0), reader.GetInt64(1));
    });

    /// <summary>Starts an execution resuming at <paramref name="resumeEpoch"/>: drops snapshots of that epoch or later (never committed), sets the commit before it, records the execution.</summary>
    public void BeginExecution(long execution, int workerCount, long resumeEpoch) => Locked(() =>
    {
        using var transaction = _connection.BeginTransaction();
        Execute(_connection, transaction, "DELETE FROM snaps WHERE epoch >= $resume", ("$resume", resumeEpoch));
        Execute(_connection, transaction, "UPDATE commits SET committed_epoch = $committed", ("$committed", resumeEpoch - 1));
        Execute(_connection, transaction, "INSERT INTO executions VALUES ($execution, $workers, $resume, $started)",
            ("$execution", execution), ("$workers", workerCount), ("$resume", resumeEpoch), ("$started", DateTimeOffset.UtcNow.ToString("O")));
        transaction.Commit();
    });

    /// <summary>The largest execution number recorded, or 0.</summary>
    public long LastExecution() => Locked(() =>
    {
        using var command = Command(null, "SELECT COALESCE(MAX(execution), 0) FROM executions");
        return (long)command.ExecuteScalar()!;
    });

    /// <summary>The newest snapshot of every (step, key), tombstones included (null state).</summary>
    public List<(string Step, string Key, byte[]? State)> LoadNewest() => Locked(() =>
    {
        var rows = new List<(string, string, byte[]?)>();
        using var command = Command(null, "SELECT step_id, state_key, state, MAX(epoch) FROM snaps GROUP BY step_id, state_key");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2)));
        }

        return rows;
    });

    /// <summary>Writes snapshots of <paramref name="epoch"/> in one transaction; a snapshot of the same step, key and epoch is replaced.</summary>
    public void Write(string stepId, long epoch, IEnumerable<(string Key, byte[]? State)> snapshots) => Locked(() =>
    {
        using var transaction = _connection.BeginTransaction();
        using var insert = Command(transaction, "INSERT OR REPLACE INTO snaps VALUES ($step, $key, $epoch, $state)");
        var step = insert.Parameters.AddWithValue("$step", stepId);
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        insert.Parameters.AddWithValue("$epoch", epoch);
        var state = insert.Parameters.Add("$state", SqliteType.Blob);
        insert.Prepare();
        foreach (var (k, s) in snapshots)
        {
            key.Value = k;
            state.Value = (object?)s ?? DBNull.Value;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    });

    /// <summary>Records that <paramref name="worker"/> of <paramref name="execution"/> has closed every epoch up to <paramref name="epoch"/>.</summary>
    public void RecordProgress(long execution, int worker, long epoch) => Locked(() =>
    {
        using var transaction = _connection.BeginTransaction();
        Execute(_connection, transaction, "INSERT OR REPLACE INTO progress VALUES ($execution, $worker, $epoch)",
            ("$execution", execution), ("$worker", worker), ("$epoch", epoch));
        transaction.Commit();
    });

    /// <summary>Commits <paramref name="epoch"/>, and collects snapshots superseded at or before <paramref name="gcFloor"/>: per key, all but the newest there, and that one too if it is a tombstone.</summary>
    /// <remarks>Only keys written since the last collection can have superseded snapshots, so the work follows the epoch's writes, not the store's size.</remarks>
    public void Commit(long epoch, long gcFloor) => Locked(() =>
    {
        using var transaction = _connection.BeginTransaction();
        long previousFloor;
        using (var read = Command(transaction, "SELECT gc_floor FROM commits"))
        {
            previousFloor = (long)read.ExecuteScalar()!;
        }

        if (gcFloor > previousFloor)
        {
            // Driven by the epoch index from the rows written since the last collection, so the work follows
            // the epochs' writes rather than the store's size. Superseded: any older row of a key written there.
            Execute(_connection, transaction,
                """
                DELETE FROM snaps WHERE (step_id, state_key, epoch) IN (
                    SELECT old.step_id, old.state_key, old.epoch
                    FROM snaps AS new JOIN snaps AS old ON old.step_id = new.step_id AND old.state_key = new.state_key AND old.epoch < new.epoch
                    WHERE new.epoch > $previous AND new.epoch <= $floor)
                """,
                ("$previous", previousFloor), ("$floor", gcFloor));

            // A tombstone that is now its key's only row at or before the floor: the key is gone, and so is its row.
            Execute(_connection, transaction,
                """
                DELETE FROM snaps AS tomb
                WHERE tomb.epoch > $previous AND tomb.epoch <= $floor AND tomb.state IS NULL
                    AND NOT EXISTS (SELECT 1 FROM snaps AS later
                        WHERE later.step_id = tomb.step_id AND later.state_key = tomb.state_key AND later.epoch > tomb.epoch AND later.epoch <= $floor)
                """,
                ("$previous", previousFloor), ("$floor", gcFloor));
        }

        Execute(_connection, transaction, "UPDATE commits SET committed_epoch = MAX(committed_epoch, $epoch), gc_floor = MAX(gc_floor, $floor)",
            ("$epoch", epoch), ("$floor", gcFloor));
        transaction.Commit();
    });

    /// <summary>How many snapshots (tombstones included) the partition holds.</summary>
    public long SnapshotCount() => Locked(() =>
    {
        using var command = Command(null, "SELECT COUNT(*) FROM snaps");
        return (long)command.ExecuteScalar()!;
    });

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, null, "PRAGMA journal_mode = WAL");
        Execute(connection, null, "PRAGMA synchronous = FULL");
        Execute(connection, null, "PRAGMA busy_timeout = 5000");
        return connection;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private T Locked<T>(Func<T> action)
    {
        lock (_gate)
        {
            try
            {
                return action();
            }
            catch (SqliteException e)
            {
                throw new RecoveryStoreException($"recovery partition '{Path}': {Describe(e)}", e);
            }
        }
    }

    private void Locked(Action action) => Locked(() =>
    {
        action();
        return 0;
    });

    /// <summary>What went wrong, in words a user can act on: a full disk and a corrupt file are the common ones.</summary>
    private static string Describe(SqliteException e) => e.SqliteErrorCode switch
    {
        13 => $"the disk is full ({e.Message}); the epoch being written is not committed",
        11 or 26 => $"the database file is corrupt or not a recovery database ({e.Message}); restore it from a backup, or delete the recovery directory to start over",
        _ => e.Message,
    };
}

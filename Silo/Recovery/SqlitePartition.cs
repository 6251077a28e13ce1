using Microsoft.Data.Sqlite;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Silo.Sqlite;

namespace Orleans.Dataflow.Silo.Recovery;

/// <summary>One recovery partition: a SQLite database file holding the snapshots of the keys hashed to it, its commit, and the executions' progress.</summary>
/// <remarks>
/// <para>WAL journal with full sync, so a process killed mid-write leaves the last committed transaction intact.
/// Every write is one transaction. Calls are serialized on the partition's lock: workers write to it concurrently.</para>
/// <para>Snapshots are stored as segments: one row per write of a step, its snapshots encoded together
/// (<see cref="SnapshotSegment"/>), read back in epoch and write order so the newest snapshot of a key wins. A
/// commit compacts a step's segments at or before the collection floor into one, without superseded snapshots or
/// tombstones, once the newer segments there weigh twice as much as the largest: the store stays within a small
/// multiple of the live state, and compaction costs, amortized, a few times what was written.</para>
/// </remarks>
internal sealed class SqlitePartition : IDisposable
{
    /// <summary>The format this code reads and writes; another value is refused, never upgraded in place.</summary>
    public const string Format = "orleans-dataflow-recovery-2";

    private static readonly string[] _schema =
    [
        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        "CREATE TABLE segments (id INTEGER PRIMARY KEY AUTOINCREMENT, step_id TEXT NOT NULL, epoch INTEGER NOT NULL, entries INTEGER NOT NULL, body BLOB NOT NULL)",
        "CREATE INDEX segments_by_step ON segments (step_id, epoch)",
        "CREATE TABLE commits (committed_epoch INTEGER NOT NULL, gc_floor INTEGER NOT NULL)",
        "INSERT INTO commits VALUES (0, 0)",
        "CREATE TABLE executions (execution INTEGER PRIMARY KEY, worker_count INTEGER NOT NULL, resume_epoch INTEGER NOT NULL, started TEXT NOT NULL)",
        "CREATE TABLE progress (execution INTEGER NOT NULL, worker_index INTEGER NOT NULL, epoch INTEGER NOT NULL, PRIMARY KEY (execution, worker_index)) WITHOUT ROWID",
    ];

    /// <summary>How long a write waits for another process's transaction on the file before it fails.</summary>
    private static readonly TimeSpan _lockWait = TimeSpan.FromSeconds(30);

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
        if (new FileInfo(path) is { Exists: true, Length: 0 })
        {
            // SQLite would take it for an empty database, which then lacks every table.
            throw new RecoveryStoreException($"recovery partition '{path}' is empty (0 bytes): it was truncated or never written; restore it from a backup");
        }

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
            throw new RecoveryStoreException($"recovery partition '{path}' {DescribeOpening(e)}", e);
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
        Execute(_connection, transaction, "DELETE FROM segments WHERE epoch >= $resume", ("$resume", resumeEpoch));
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
    public Dictionary<(string Step, string Key), byte[]?> LoadNewest(long before, SnapshotFilter restore) => Locked(() =>
    {
        var newest = new Dictionary<(string, string), byte[]?>();
        using var command = Command(null, "SELECT step_id, epoch, body FROM segments WHERE epoch < $before ORDER BY epoch, id", ("$before", before));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var step = reader.GetString(0);
            var body = (byte[])reader.GetValue(2);
            Decode(step, reader.GetInt64(1), () => SnapshotSegment.Read(body, (string key, byte[]? state) =>
            {
                if (restore.Keeps(step, key))
                {
                    newest[(step, key)] = state;
                }
            }));
        }

        return newest;
    });

    /// <summary>Writes snapshots of <paramref name="epoch"/> of <paramref name="execution"/> as one segment in one transaction; of two snapshots of a key, the later wins.</summary>
    /// <exception cref="SupersededExecutionException">A newer execution than <paramref name="execution"/> has begun on this partition.</exception>
    public void Write(long execution, string stepId, long epoch, IReadOnlyCollection<(string Key, byte[]? State)> snapshots) => Locked(() =>
    {
        var body = SnapshotSegment.Write(snapshots);

        using var transaction = _connection.BeginTransaction();
        RefuseIfReplaced(transaction, execution, $"the snapshots of step '{stepId}' at epoch {epoch}");
        Execute(_connection, transaction, "INSERT INTO segments (step_id, epoch, entries, body) VALUES ($step, $epoch, $entries, $body)",
            ("$step", stepId), ("$epoch", epoch), ("$entries", snapshots.Count), ("$body", body));
        transaction.Commit();
    });

    /// <summary>Records that <paramref name="worker"/> of <paramref name="execution"/> has closed every epoch up to <paramref name="epoch"/>, in one transaction.</summary>
    /// <exception cref="SupersededExecutionException">A newer execution than <paramref name="execution"/> has begun on this partition.</exception>
    public void RecordProgress(long execution, int worker, long epoch) => Locked(() =>
    {
        using var transaction = _connection.BeginTransaction();
        RefuseIfReplaced(transaction, execution, $"the progress of worker {worker} to epoch {epoch}");
        Execute(_connection, transaction, "INSERT OR REPLACE INTO progress VALUES ($execution, $worker, $epoch)",
            ("$execution", execution), ("$worker", worker), ("$epoch", epoch));
        transaction.Commit();
    });

    /// <summary>Commits <paramref name="epoch"/> of <paramref name="execution"/>, and collects snapshots that no resume after this commit or the one before it can need, keeping <paramref name="keepEpochs"/> more: per key, all but the newest at or before the floor, and that one too if it is a tombstone.</summary>
    /// <remarks>
    /// <para>One transaction: a refused commit neither marks the epoch nor collects anything.</para>
    /// <para>The floor is the partition's previous commit (less <paramref name="keepEpochs"/>), not the epoch before
    /// this one: commits may skip epochs, and a process killed between two partitions leaves the others at the
    /// previous commit, which the next execution resumes after.</para>
    /// <para>The commit is then checkpointed into the database file, so the file alone holds it: a copy of the
    /// partitions made without their <c>-wal</c> files (a backup after a crash) resumes from the last commit instead
    /// of from nothing.</para>
    /// </remarks>
    /// <exception cref="SupersededExecutionException">A newer execution than <paramref name="execution"/> has begun on this partition.</exception>
    public void Commit(long execution, long epoch, long keepEpochs) => Locked(() =>
    {
        CommitAndCollect(execution, epoch, keepEpochs);
        Execute(_connection, null, "PRAGMA wal_checkpoint(FULL)");
    });

    private void CommitAndCollect(long execution, long epoch, long keepEpochs)
    {
        using var transaction = _connection.BeginTransaction();
        RefuseIfReplaced(transaction, execution, $"the commit of epoch {epoch}");
        long previous;
        using (var read = Command(transaction, "SELECT committed_epoch FROM commits"))
        {
            previous = (long)read.ExecuteScalar()!;
        }

        var gcFloor = Math.Max(0, Math.Min(epoch - 1, previous) - keepEpochs);
        var steps = new List<string>();
        using (var select = Command(transaction,
            """
            SELECT step_id FROM segments WHERE epoch <= $floor GROUP BY step_id
            HAVING COUNT(*) > 1 AND SUM(length(body)) - MAX(length(body)) >= 2 * MAX(length(body))
            """,
            ("$floor", gcFloor)))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                steps.Add(reader.GetString(0));
            }
        }

        foreach (var step in steps)
        {
            Compact(transaction, step, gcFloor);
        }

        Execute(_connection, transaction, "UPDATE commits SET committed_epoch = MAX(committed_epoch, $epoch), gc_floor = MAX(gc_floor, $floor)",
            ("$epoch", epoch), ("$floor", gcFloor));
        transaction.Commit();
    }

    /// <summary>How many snapshots (tombstones included) the partition holds.</summary>
    public long SnapshotCount() => Locked(() =>
    {
        using var command = Command(null, "SELECT COALESCE(SUM(entries), 0) FROM segments");
        return (long)command.ExecuteScalar()!;
    });

    /// <summary>Throws <see cref="SupersededExecutionException"/>, naming <paramref name="refused"/>, when an execution newer than <paramref name="execution"/> has begun on this partition.</summary>
    /// <remarks>
    /// Called first in the transaction of what it fences: Microsoft.Data.Sqlite begins transactions immediate, holding
    /// the write lock from their start, so no execution can begin between the check and what the transaction writes.
    /// </remarks>
    private void RefuseIfReplaced(SqliteTransaction transaction, long execution, string refused)
    {
        using var newest = Command(transaction, "SELECT COALESCE(MAX(execution), 0) FROM executions");
        if ((long)newest.ExecuteScalar()! is var current && current > execution)
        {
            throw new SupersededExecutionException(
                $"recovery partition '{Path}' refused {refused}: execution {execution} was replaced by execution {current}");
        }
    }

    /// <summary>Replaces the segments of <paramref name="step"/> at or before <paramref name="floor"/> by one holding each live key's newest snapshot.</summary>
    private void Compact(SqliteTransaction transaction, string step, long floor)
    {
        // States stay slices of the segments read: a compaction copies each live state once, into the new segment.
        var merged = new Dictionary<string, ReadOnlyMemory<byte>?>(StringComparer.Ordinal);
        var epoch = 0L;
        using (var select = Command(transaction, "SELECT epoch, body FROM segments WHERE step_id = $step AND epoch <= $floor ORDER BY epoch, id",
            ("$step", step), ("$floor", floor)))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                epoch = reader.GetInt64(0);
                var body = (byte[])reader.GetValue(1);
                Decode(step, epoch, () => SnapshotSegment.Read(body, (string key, ReadOnlyMemory<byte>? state) => merged[key] = state));
            }
        }

        Execute(_connection, transaction, "DELETE FROM segments WHERE step_id = $step AND epoch <= $floor", ("$step", step), ("$floor", floor));
        var live = merged.Count(pair => pair.Value is not null);
        if (live > 0)
        {
            var segment = SnapshotSegment.Write(live, merged.Where(pair => pair.Value is not null).Select(pair => (pair.Key, pair.Value)));
            Execute(_connection, transaction, "INSERT INTO segments (step_id, epoch, entries, body) VALUES ($step, $epoch, $entries, $body)",
                ("$step", step), ("$epoch", epoch), ("$entries", live), ("$body", segment));
        }
    }

    /// <summary>Decodes a stored segment with <paramref name="read"/>, naming the partition, step and epoch when its bytes are damaged.</summary>
    private void Decode(string step, long epoch, Action read)
    {
        try
        {
            read();
        }
        catch (InvalidDataException e)
        {
            throw new RecoveryStoreException($"recovery partition '{Path}': the snapshots of step '{step}' at epoch {epoch} are damaged ({e.Message}); restore the partition from a backup", e);
        }
    }

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
        Execute(connection, null, $"PRAGMA busy_timeout = {(int)_lockWait.TotalMilliseconds}");
        return connection;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
        => SqliteCommands.Execute(connection, transaction, sql, parameters);

    private SqliteCommand Command(SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
        => SqliteCommands.Create(_connection, transaction, sql, parameters);

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

    /// <summary>Why a partition could not be opened, never advising to delete state that can still be read.</summary>
    private static string DescribeOpening(SqliteException e) => e.SqliteErrorCode switch
    {
        8 or 14 => $"cannot be opened for writing ({e.Message}): the file or its directory is read-only; a run records every epoch in it, so give it write access — the data in it is intact and was not changed",
        10 => $"cannot be read: the file is truncated or damaged ({e.Message}); restore it from a backup",
        11 or 26 => $"is not a readable recovery database ({e.Message}); restore it from a backup, or delete the recovery directory to start over",
        _ => $"cannot be opened ({e.Message}); its data was not changed",
    };

    /// <summary>What went wrong, in words a user can act on: a full disk and a corrupt file are the common ones.</summary>
    private static string Describe(SqliteException e) => e.SqliteErrorCode switch
    {
        8 => $"the file is read-only ({e.Message}): give the run write access; the data in it is intact, and the epoch being written is not committed",
        10 => $"the file cannot be read or written: it is truncated or damaged, or the disk failed ({e.Message}); restore it from a backup",
        5 => $"the file stayed locked by another process for {_lockWait.TotalSeconds:0} s ({e.Message}): a process of this flow that hangs (frozen, stopped) holds it until it ends; the epoch being written is not committed",
        13 => $"the disk is full ({e.Message}); the epoch being written is not committed",
        11 or 26 => $"the database file is corrupt or not a recovery database ({e.Message}); restore it from a backup, or delete the recovery directory to start over",
        _ => e.Message,
    };
}

using Microsoft.Data.Sqlite;
using Orleans.Dataflow.Silo.Sqlite;

namespace Orleans.Dataflow.Silo.Storage;

/// <summary>The database file of a <see cref="SqliteGrainStorage"/>: one table of grain states keyed by state name and grain id, each stored with its ETag.</summary>
/// <remarks>
/// WAL journal with full sync, so a write that returned survives a crash of the process or the machine. Every write
/// checks the stored ETag and changes the row in one immediate transaction, which holds the file's write lock from
/// its start: another process on the same file cannot slip a write in between. Not thread-safe: its storage
/// serializes calls.
/// </remarks>
internal sealed class SqliteGrainStateFile : IDisposable
{
    /// <summary>The format this code reads and writes; another value is refused, never upgraded in place.</summary>
    public const string Format = "orleans-dataflow-grain-states-1";

    private static readonly string[] _schema =
    [
        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        "CREATE TABLE grain_states (state_name TEXT NOT NULL, grain_id TEXT NOT NULL, etag TEXT NOT NULL, state BLOB NOT NULL, PRIMARY KEY (state_name, grain_id))",
    ];

    /// <summary>How long a call waits for another process's transaction on the file before it fails.</summary>
    private static readonly TimeSpan _lockWait = TimeSpan.FromSeconds(30);

    private readonly SqliteConnection _connection;

    private SqliteGrainStateFile(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The database file's full path.</summary>
    public string Path { get; }

    /// <summary>Opens the grain-state database at <paramref name="path"/>, creating its directory and the file when they are missing, and checks that it is one of this format.</summary>
    /// <exception cref="SqliteGrainStorageException">The directory cannot be created, or the file cannot be opened or written, is not a SQLite database, or is a database of something else; the message names the path, and the file was not changed.</exception>
    public static SqliteGrainStateFile Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full)!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SqliteGrainStorageException($"grain storage '{full}': its directory '{directory}' cannot be created ({e.Message})", e);
        }

        if (Directory.Exists(full))
        {
            throw new SqliteGrainStorageException($"grain storage '{full}' is a directory: give the path of a database file (it is created when missing)");
        }

        SqliteConnection? connection = null;
        try
        {
            connection = Connect(full);

            // Immediate, so that two silos creating the file at once agree on one schema.
            using var transaction = connection.BeginTransaction();
            var tables = Tables(connection, transaction);
            if (tables.Count == 0)
            {
                // A new file, or one left empty by a process that died before its first write.
                foreach (var statement in _schema)
                {
                    Execute(connection, transaction, statement);
                }

                Execute(connection, transaction, "INSERT INTO meta VALUES ('format', $format)", ("$format", Format));
            }
            else if (!tables.Contains("meta") || !tables.Contains("grain_states"))
            {
                throw new SqliteGrainStorageException(
                    $"grain storage '{full}' is a SQLite database of something else (tables: {string.Join(", ", tables.Order(StringComparer.Ordinal))}), not a grain storage; it was not changed: give the grain storage a file of its own");
            }
            else if (FormatOf(connection, transaction) is var format && format != Format)
            {
                throw new SqliteGrainStorageException($"grain storage '{full}' has format '{format ?? "(none)"}', not '{Format}'; it was not changed");
            }

            transaction.Commit();

            // Only once the file is known to be ours: the journal mode is written into the file, whose owner chose its own.
            Execute(connection, null, "PRAGMA journal_mode = WAL");
            return new SqliteGrainStateFile(full, connection);
        }
        catch (SqliteException e)
        {
            connection?.Dispose();
            throw new SqliteGrainStorageException($"grain storage '{full}' {DescribeOpening(e)}", e);
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
    }

    /// <summary>The stored ETag and state bytes of <paramref name="grainId"/>'s state <paramref name="stateName"/>, or null when there is no record.</summary>
    public (string ETag, byte[] State)? Read(string stateName, string grainId) => Guarded(() =>
    {
        using var command = Command(null, "SELECT etag, state FROM grain_states WHERE state_name = $name AND grain_id = $grain", ("$name", stateName), ("$grain", grainId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), (byte[])reader.GetValue(1)) : ((string, byte[])?)null;
    });

    /// <summary>Stores <paramref name="state"/> under <paramref name="etag"/> if the stored ETag is <paramref name="expected"/> (null: no record); otherwise changes nothing.</summary>
    /// <returns>Whether it was stored, and the ETag that was stored before (null: no record).</returns>
    public (bool Written, string? Stored) Write(string stateName, string grainId, string? expected, string etag, byte[] state) => Guarded(() =>
    {
        using var transaction = _connection.BeginTransaction();
        var stored = StoredETag(transaction, stateName, grainId);
        if (stored != expected)
        {
            return (false, stored);
        }

        Execute(_connection, transaction,
            stored is null
                ? "INSERT INTO grain_states (state_name, grain_id, etag, state) VALUES ($name, $grain, $etag, $state)"
                : "UPDATE grain_states SET etag = $etag, state = $state WHERE state_name = $name AND grain_id = $grain",
            ("$name", stateName), ("$grain", grainId), ("$etag", etag), ("$state", state));
        transaction.Commit();
        return (true, stored);
    });

    /// <summary>Deletes the record if the stored ETag is <paramref name="expected"/> (null: no record, so nothing to delete); otherwise changes nothing.</summary>
    /// <returns>Whether the stored ETag was the expected one, and the ETag that was stored before (null: no record).</returns>
    public (bool Deleted, string? Stored) Delete(string stateName, string grainId, string? expected) => Guarded(() =>
    {
        using var transaction = _connection.BeginTransaction();
        var stored = StoredETag(transaction, stateName, grainId);
        if (stored != expected)
        {
            return (false, stored);
        }

        if (stored is not null)
        {
            Execute(_connection, transaction, "DELETE FROM grain_states WHERE state_name = $name AND grain_id = $grain", ("$name", stateName), ("$grain", grainId));
            transaction.Commit();
        }

        return (true, stored);
    });

    /// <summary>How many records the file holds.</summary>
    public long Count() => Guarded(() =>
    {
        using var command = Command(null, "SELECT COUNT(*) FROM grain_states");
        return (long)command.ExecuteScalar()!;
    });

    public void Dispose() => _connection.Dispose();

    private string? StoredETag(SqliteTransaction transaction, string stateName, string grainId)
    {
        using var command = Command(transaction, "SELECT etag FROM grain_states WHERE state_name = $name AND grain_id = $grain", ("$name", stateName), ("$grain", grainId));
        return command.ExecuteScalar() as string;
    }

    private static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, null, "PRAGMA synchronous = FULL");
        Execute(connection, null, $"PRAGMA busy_timeout = {(int)_lockWait.TotalMilliseconds}");
        return connection;
    }

    private static HashSet<string> Tables(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table'";
        using var reader = command.ExecuteReader();
        var tables = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static string? FormatOf(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM meta WHERE name = 'format'";
        return command.ExecuteScalar() as string;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
        => SqliteCommands.Execute(connection, transaction, sql, parameters);

    private SqliteCommand Command(SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
        => SqliteCommands.Create(_connection, transaction, sql, parameters);

    /// <summary>Runs <paramref name="action"/>, turning SQLite's errors into ones that name the file and say what to do.</summary>
    private T Guarded<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException e)
        {
            throw new SqliteGrainStorageException($"grain storage '{Path}': {Describe(e)}", e);
        }
    }

    /// <summary>Why the file could not be opened, never advising to delete data that can still be read.</summary>
    private static string DescribeOpening(SqliteException e) => e.SqliteErrorCode switch
    {
        8 => $"is read-only ({e.Message}): give the silo write access to the file and its directory; the data in it is intact and was not changed",
        14 => $"cannot be opened or created ({e.Message}): give the silo access to the file and its directory; nothing was changed",
        10 => $"cannot be read: the file is truncated or damaged, or the disk failed ({e.Message}); restore it from a backup",
        11 => $"is damaged ({e.Message}); restore it from a backup",
        26 => $"is not a SQLite database ({e.Message}): the file holds something else, and was not changed; give the grain storage a file of its own",
        _ => $"cannot be opened ({e.Message}); its data was not changed",
    };

    /// <summary>What went wrong with a read or write, in words a user can act on.</summary>
    private static string Describe(SqliteException e) => e.SqliteErrorCode switch
    {
        8 => $"the file is read-only ({e.Message}): give the silo write access; the data in it is intact, and the write was not stored",
        5 => $"the file stayed locked by another process for {_lockWait.TotalSeconds:0} s ({e.Message}): a process using it that hangs (frozen, stopped) holds it until it ends; the write was not stored",
        13 => $"the disk is full ({e.Message}); the write was not stored",
        10 or 11 or 26 => $"the file is damaged, or the disk failed ({e.Message}); restore it from a backup",
        _ => e.Message,
    };
}

using Npgsql;

namespace Orleans.Dataflow.Silo.Recovery;

/// <summary>The tables of the PostgreSQL recovery store, shared by every flow of a database: every row is keyed by its flow's id.</summary>
/// <remarks>
/// <c>dataflow_meta</c> holds the format marker; a database whose marker differs is refused, never upgraded in
/// place. Snapshot keys are <c>bytea</c> (UTF-8), because a key may hold characters a <c>text</c> column cannot
/// (NUL) and keys compare byte for byte; step and flow ids are ids without control characters, so <c>text</c>.
/// </remarks>
internal static class PostgresSchema
{
    /// <summary>The format this code reads and writes.</summary>
    public const string Format = "orleans-dataflow-recovery-postgres-1";

    /// <summary>The snapshots table, for error messages.</summary>
    public const string SnapshotsTable = "dataflow_snapshots";

    /// <summary>Serializes schema creation across processes: concurrent <c>CREATE TABLE IF NOT EXISTS</c> of one table can fail on PostgreSQL's catalog.</summary>
    private const long SchemaLockId = 0x4F44_5246_5245_4331;

    private static readonly string[] _tables =
    [
        "CREATE TABLE IF NOT EXISTS dataflow_flows (flow_id text PRIMARY KEY, committed_epoch bigint NOT NULL, gc_floor bigint NOT NULL)",
        "CREATE TABLE IF NOT EXISTS dataflow_holders (flow_id text PRIMARY KEY, holder text NOT NULL)",
        "CREATE TABLE IF NOT EXISTS dataflow_snapshots (flow_id text NOT NULL, step_id text NOT NULL, state_key bytea NOT NULL, epoch bigint NOT NULL, state bytea, "
            + "PRIMARY KEY (flow_id, step_id, state_key, epoch))",
        "CREATE INDEX IF NOT EXISTS dataflow_snapshots_by_epoch ON dataflow_snapshots (flow_id, epoch)",
        "CREATE TABLE IF NOT EXISTS dataflow_executions (flow_id text NOT NULL REFERENCES dataflow_flows, execution bigint NOT NULL, worker_count integer NOT NULL, "
            + "resume_epoch bigint NOT NULL, started timestamptz NOT NULL, PRIMARY KEY (flow_id, execution))",
        "CREATE TABLE IF NOT EXISTS dataflow_progress (flow_id text NOT NULL, execution bigint NOT NULL, worker_index integer NOT NULL, epoch bigint NOT NULL, "
            + "PRIMARY KEY (flow_id, execution, worker_index), FOREIGN KEY (flow_id, execution) REFERENCES dataflow_executions)",
    ];

    /// <summary>Creates the tables that are missing, in one transaction, and returns the database's format marker (this code's, when it was just created).</summary>
    public static string Ensure(NpgsqlConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, $"SELECT pg_advisory_xact_lock({SchemaLockId})");
        Execute(connection, "CREATE TABLE IF NOT EXISTS dataflow_meta (name text PRIMARY KEY, value text NOT NULL)");
        using var marker = new NpgsqlCommand(
            "INSERT INTO dataflow_meta VALUES ('format', @format) ON CONFLICT (name) DO NOTHING; SELECT value FROM dataflow_meta WHERE name = 'format'", connection);
        marker.Parameters.AddWithValue("format", Format);
        var format = (string)marker.ExecuteScalar()!;
        if (format != Format)
        {
            // Leave another format's database exactly as it was.
            return format;
        }

        foreach (var statement in _tables)
        {
            Execute(connection, statement);
        }

        transaction.Commit();
        return format;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

using Microsoft.Data.Sqlite;

namespace Orleans.Dataflow.Silo.Sqlite;

/// <summary>Parameterized SQLite commands on a connection, in a transaction or none: what the recovery partitions and the grain storage file both issue.</summary>
internal static class SqliteCommands
{
    /// <summary>Runs <paramref name="sql"/> with <paramref name="parameters"/> for its effect.</summary>
    public static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Create(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    /// <summary>A command of <paramref name="sql"/> with <paramref name="parameters"/>, for the caller to run and dispose.</summary>
    public static SqliteCommand Create(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}

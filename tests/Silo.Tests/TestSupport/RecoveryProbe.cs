using Microsoft.Data.Sqlite;

namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>Looks into a running silo's SQLite recovery directory from outside, read-only, the way an operator would.</summary>
internal static class RecoveryProbe
{
    /// <summary>Waits until every partition of <paramref name="directory"/> has committed <paramref name="epoch"/> or later; false after <paramref name="timeout"/>.</summary>
    public static bool WaitForCommit(string directory, long epoch, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (CommittedEpoch(directory) >= epoch)
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return false;
    }

    /// <summary>The smallest committed epoch over the directory's partitions; 0 when there are none yet or one cannot be read now.</summary>
    public static long CommittedEpoch(string directory)
    {
        var partitions = Directory.Exists(directory) ? Directory.GetFiles(directory, "part-*.sqlite3") : [];
        if (partitions.Length == 0)
        {
            return 0;
        }

        try
        {
            return partitions.Min(path =>
            {
                using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT committed_epoch FROM commits";
                return (long)command.ExecuteScalar()!;
            });
        }
        catch (SqliteException)
        {
            // The writer holds a lock for a moment, or the directory is being created: look again shortly.
            return 0;
        }
    }
}

using Microsoft.Data.Sqlite;
using Orleans.Dataflow.Silo.Storage;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Storage;

/// <summary>A grain storage file is created where it is missing, and a path that holds something else gets an error naming it and is left as it was.</summary>
public sealed class SqliteGrainStateFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Open_InADirectoryThatDoesNotExist_CreatesItAndTheFile()
    {
        var path = Path.Combine(_dir.Path, "data", "flows", "flows.db");

        using (var file = SqliteGrainStateFile.Open(path))
        {
            Assert.True(file.Write("flow", "flow/orders", null, "e1", [1, 2, 3]).Written);
        }

        using var reopened = SqliteGrainStateFile.Open(path);
        Assert.True(File.Exists(path));
        Assert.Equal(path, reopened.Path);
        Assert.Equal(("e1", new byte[] { 1, 2, 3 }), reopened.Read("flow", "flow/orders"));
        Assert.Equal("wal", JournalMode(path));
    }

    [Fact]
    public void Open_AFileThatIsNotADatabase_FailsNamingItAndLeavesItUnchanged()
    {
        var path = Path.Combine(_dir.Path, "flows.db");
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 31)).ToArray();
        File.WriteAllBytes(path, garbage);

        var error = Assert.Throws<SqliteGrainStorageException>(() => SqliteGrainStateFile.Open(path));

        Assert.StartsWith($"grain storage '{path}' is not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("delete", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(garbage, File.ReadAllBytes(path));
    }

    [Fact]
    public void Open_ADatabaseOfSomethingElse_FailsNamingItAndItsTables_AndLeavesItUnchanged()
    {
        var path = Path.Combine(_dir.Path, "shop.db");
        using (var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            other.Open();
            using var command = other.CreateCommand();
            command.CommandText = "CREATE TABLE orders (id INTEGER PRIMARY KEY); INSERT INTO orders VALUES (1)";
            command.ExecuteNonQuery();
        }

        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<SqliteGrainStorageException>(() => SqliteGrainStateFile.Open(path));

        Assert.StartsWith($"grain storage '{path}' is a SQLite database of something else (tables: orders)", error.Message, StringComparison.Ordinal);
        Assert.Contains("it was not changed", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.False(File.Exists(path + "-wal"));
    }

    [Fact]
    public void Open_AGrainStorageOfAnotherFormat_FailsNamingBothFormats()
    {
        var path = Path.Combine(_dir.Path, "flows.db");
        SqliteGrainStateFile.Open(path).Dispose();
        using (var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            other.Open();
            using var command = other.CreateCommand();
            command.CommandText = "UPDATE meta SET value = 'orleans-dataflow-grain-states-9' WHERE name = 'format'";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<SqliteGrainStorageException>(() => SqliteGrainStateFile.Open(path));

        Assert.Equal($"grain storage '{path}' has format 'orleans-dataflow-grain-states-9', not '{SqliteGrainStateFile.Format}'; it was not changed", error.Message);
    }

    [Fact]
    public void Open_ADirectory_FailsNamingIt()
    {
        var error = Assert.Throws<SqliteGrainStorageException>(() => SqliteGrainStateFile.Open(_dir.Path));

        Assert.StartsWith($"grain storage '{_dir.Path}' is a directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UnderAFile_FailsNamingTheDirectoryThatCannotBeCreated()
    {
        var blocker = _dir.Write("data", "not a directory");
        var path = Path.Combine(blocker, "flows.db");

        var error = Assert.Throws<SqliteGrainStorageException>(() => SqliteGrainStateFile.Open(path));

        Assert.StartsWith($"grain storage '{path}': its directory '{blocker}' cannot be created", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AnEmptyFile_MakesItAGrainStorage()
    {
        var path = _dir.Write("flows.db", "");

        using var file = SqliteGrainStateFile.Open(path);

        Assert.Equal(0, file.Count());
    }

    public void Dispose() => _dir.Dispose();

    private static string JournalMode(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        return (string)command.ExecuteScalar()!;
    }
}

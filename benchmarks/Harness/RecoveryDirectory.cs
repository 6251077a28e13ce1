using Orleans.Dataflow.Silo.Recovery;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>A fresh temporary recovery directory of SQLite partitions for one engine run, deleted on dispose.</summary>
/// <remarks>
/// <see cref="Create"/> is the silo's <c>recovery init DIR N</c> and <see cref="Open"/> what <c>run -r DIR</c> does, so
/// a benchmark can make the directory before its timer starts and time only the run. A directory serves one run: a
/// second run would resume after the first one's last committed epoch instead of starting over.
/// </remarks>
public sealed class RecoveryDirectory : IDisposable
{
    private RecoveryDirectory(string directoryPath, int partitions)
    {
        DirectoryPath = directoryPath;
        Partitions = partitions;
    }

    /// <summary>Where temporary recovery directories are made.</summary>
    public static string Parent => System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetTempPath());

    /// <summary>The directory's path.</summary>
    public string DirectoryPath { get; }

    /// <summary>How many partitions the store has.</summary>
    public int Partitions { get; }

    /// <summary>Creates a new directory under <see cref="Parent"/> holding <paramref name="partitions"/> empty partitions.</summary>
    public static RecoveryDirectory Create(int partitions)
    {
        var directoryPath = System.IO.Path.Combine(Parent, $"orleans-dataflow-benchmark-{Guid.NewGuid():N}");
        SqliteRecoveryStore.Initialize(directoryPath, partitions);
        return new RecoveryDirectory(directoryPath, partitions);
    }

    /// <summary>Opens the store for flow <paramref name="flowId"/>, keeping no superseded snapshots beyond what a resume needs.</summary>
    /// <remarks>The caller disposes the store when the run has ended; only then is <see cref="SizeBytes"/> the store's size at rest.</remarks>
    public SqliteRecoveryStore Open(string flowId) => SqliteRecoveryStore.Open(DirectoryPath, flowId, keepEpochs: 0, partitionsIfNew: Partitions);

    /// <summary>The bytes of every file in the directory: the partitions and any <c>-wal</c> or <c>-shm</c> files beside them.</summary>
    public long SizeBytes() => new DirectoryInfo(DirectoryPath).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    /// <summary>Deletes the directory and everything in it.</summary>
    public void Dispose()
    {
        if (Directory.Exists(DirectoryPath))
        {
            Directory.Delete(DirectoryPath, recursive: true);
        }
    }
}

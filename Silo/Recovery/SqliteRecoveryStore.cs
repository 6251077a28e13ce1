using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Silo.Recovery;

/// <summary>The embedded recovery store: a directory of SQLite partitions (<c>part-0.sqlite3</c> …), Bytewax's recovery directory.</summary>
/// <remarks>
/// <para>Each snapshot goes to the partition its step and key hash to, so partitions share the load and the
/// partition count is independent of the worker count. A commit marks the epoch in every partition, in order; a
/// process killed between two partitions leaves them one commit apart, and the next execution resumes after the
/// older one, dropping the newer commit's snapshots. Garbage collection stays one commit (plus the backup interval)
/// behind, so partitions one commit apart still hold every snapshot the resume needs, however many epochs a commit
/// skipped. Each commit is checkpointed into its partition's file, so the files alone, without their <c>-wal</c>
/// files, hold the last commit.</para>
/// <para>Opening checks the whole directory before anything is written: every partition present, readable, of
/// this format, of the same partition count, of this flow, and from compatible points in time.</para>
/// </remarks>
public sealed class SqliteRecoveryStore : IRecoveryStore, IDisposable
{
    private readonly SqlitePartition[] _partitions;
    private readonly string _directory;
    private readonly string _flowId;
    private readonly long _keepEpochs;
    private long _execution;
    private StoreHolderLock? _holder;

    private SqliteRecoveryStore(SqlitePartition[] partitions, string directory, string flowId, long keepEpochs)
    {
        _partitions = partitions;
        _directory = directory;
        _flowId = flowId;
        _keepEpochs = keepEpochs;
    }

    /// <summary>The file name of partition <paramref name="index"/>.</summary>
    public static string PartitionFileName(int index) => $"part-{index}.sqlite3";

    /// <summary>Creates <paramref name="directory"/> if needed and <paramref name="partitionCount"/> empty partitions in it (<c>recovery init</c>).</summary>
    /// <remarks>
    /// The partitions are built in a scratch directory and moved in when complete, so a process killed while
    /// creating them never leaves a half-made partition behind: a new directory appears whole or not at all.
    /// </remarks>
    /// <exception cref="RecoveryStoreException">The directory already holds partitions; nothing was overwritten.</exception>
    public static void Initialize(string directory, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        var full = System.IO.Path.GetFullPath(directory).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        if (Directory.Exists(full) && PartitionFiles(full) is { Count: > 0 } existing)
        {
            throw new RecoveryStoreException($"recovery directory '{directory}' already holds {existing.Count} partition(s) ({string.Join(", ", existing.Select(System.IO.Path.GetFileName))}); nothing was overwritten");
        }

        var scratch = Directory.Exists(full)
            ? System.IO.Path.Combine(full, $".init-{Guid.NewGuid():N}")
            : $"{full}.init-{Guid.NewGuid():N}";
        Directory.CreateDirectory(scratch);
        try
        {
            for (var i = 0; i < partitionCount; i++)
            {
                SqlitePartition.Create(System.IO.Path.Combine(scratch, PartitionFileName(i)), i, partitionCount);
            }

            if (Directory.Exists(full))
            {
                foreach (var file in Directory.GetFiles(scratch))
                {
                    File.Move(file, System.IO.Path.Combine(full, System.IO.Path.GetFileName(file)));
                }

                Directory.Delete(scratch);
            }
            else
            {
                Directory.Move(scratch, full);
            }
        }
        catch
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }

            throw;
        }
    }

    /// <summary>Opens the store in <paramref name="directory"/> for flow <paramref name="flowId"/>; a directory that does not exist yet is created with <paramref name="partitionsIfNew"/> partitions.</summary>
    /// <param name="directory">The recovery directory.</param>
    /// <param name="flowId">The flow the store belongs to; a store of another flow is refused.</param>
    /// <param name="keepEpochs">How many committed epochs superseded snapshots are kept for (the backup interval over the snapshot interval, rounded up).</param>
    /// <param name="partitionsIfNew">The partition count of a store this call creates.</param>
    /// <exception cref="RecoveryStoreException">The directory's recovery data cannot be used; the message names the file and what is wrong.</exception>
    public static SqliteRecoveryStore Open(string directory, string flowId, long keepEpochs, int partitionsIfNew) =>
        Open(directory, flowId, keepEpochs, partitionsIfNew, maxPageCount: null);

    /// <summary>As the public <c>Open</c>, with each partition capped at <paramref name="maxPageCount"/> pages: SQLite then reports a full disk, as a real one would.</summary>
    internal static SqliteRecoveryStore Open(string directory, string flowId, long keepEpochs, int partitionsIfNew, int? maxPageCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepEpochs);
        if (!Directory.Exists(directory))
        {
            Initialize(directory, partitionsIfNew);
        }

        var files = PartitionFiles(directory);
        if (files.Count == 0)
        {
            throw new RecoveryStoreException($"recovery directory '{directory}' holds no partitions; create them with `recovery init {directory} N`, or point -r at a directory that does not exist yet");
        }

        var partitions = new List<SqlitePartition>();
        try
        {
            foreach (var file in files)
            {
                partitions.Add(SqlitePartition.Open(file, maxPageCount));
            }

            Validate(directory, partitions, flowId);
            return new SqliteRecoveryStore([.. partitions.OrderBy(IndexOf)], directory, flowId, keepEpochs);
        }
        catch
        {
            partitions.ForEach(p => p.Dispose());
            throw;
        }
    }

    /// <summary>How many snapshots (tombstones included) the store holds, over all partitions.</summary>
    public long SnapshotCount() => _partitions.Sum(p => p.SnapshotCount());

    /// <exception cref="RecoveryStoreException">Another store holds the directory for an execution of its own (<see cref="StoreHolderLock"/>).</exception>
    public ResumePoint BeginExecution(int workerCount, SnapshotFilter? restore = null)
    {
        _holder ??= StoreHolderLock.Acquire(_directory, _flowId);
        var commits = _partitions.Select(p => p.Commits()).ToArray();
        var committed = commits.Min(c => c.Committed);
        var resume = committed + 1;
        for (var i = 0; i < _partitions.Length; i++)
        {
            if (commits[i].GcFloor > committed)
            {
                var oldest = Array.FindIndex(commits, c => c.Committed == committed);
                throw new RecoveryStoreException(
                    $"recovery partitions are from different points in time: '{_partitions[oldest].Path}' was last committed at epoch {committed}, "
                    + $"but '{_partitions[i].Path}' (committed at epoch {commits[i].Committed}) no longer keeps snapshots from before epoch {commits[i].GcFloor + 1}; "
                    + "restore all partitions from the same backup, or run with a longer backup interval (-b)");
            }
        }

        _execution = _partitions.Max(p => p.LastExecution()) + 1;
        foreach (var partition in _partitions)
        {
            if (partition.Meta("flow_id") is null)
            {
                partition.SetMeta("flow_id", _flowId);
            }

            partition.BeginExecution(_execution, workerCount, resume);
        }

        return ReadResume(resume, restore).ForExecution(_execution);
    }

    public ResumePoint ReadResume(long epoch, SnapshotFilter? restore = null)
    {
        if (epoch <= DataflowExecution.FirstEpoch)
        {
            return ResumePoint.Fresh;
        }

        restore ??= SnapshotFilter.All;
        var steps = new Dictionary<string, Dictionary<string, byte[]>>(StringComparer.Ordinal);
        foreach (var partition in restore.ReadsNothing ? [] : _partitions)
        {
            foreach (var ((step, key), state) in partition.LoadNewest(epoch, restore))
            {
                if (state is null)
                {
                    continue;
                }

                if (!steps.TryGetValue(step, out var keys))
                {
                    steps[step] = keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                }

                keys[key] = state;
            }
        }

        return new ResumePoint(epoch, steps.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, byte[]>)s.Value, StringComparer.Ordinal),
            (step, key) => $"recovery partition '{PartitionOf(step, key).Path}'");
    }

    public void Write(string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
        => Write(_execution, stepId, workerIndex, epoch, snapshots);

    public void Write(long execution, string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
    {
        var byPartition = new List<(string Key, byte[]? State)>?[_partitions.Length];
        var salt = Serialization.StableHash.Of(stepId);
        foreach (var snapshot in snapshots)
        {
            (byPartition[PartitionIndex(salt, snapshot.Key)] ??= []).Add((snapshot.Key, snapshot.State));
        }

        for (var i = 0; i < byPartition.Length; i++)
        {
            if (byPartition[i] is { } part)
            {
                _partitions[i].Write(execution, stepId, epoch, part);
            }
        }
    }

    public void RecordProgress(int workerIndex, long epoch) => RecordProgress(_execution, workerIndex, epoch);

    public void RecordProgress(long execution, int workerIndex, long epoch) =>
        _partitions[workerIndex % _partitions.Length].RecordProgress(execution, workerIndex, epoch);

    public void Commit(long epoch) => Commit(_execution, epoch);

    /// <inheritdoc/>
    /// <remarks>
    /// Every call goes to the partitions, even for an epoch already committed (where it changes nothing: a commit
    /// record only grows), because this instance knows only the executions it began itself and only a partition can
    /// tell that another has begun since. A newer execution begins on the partitions in the order they are committed
    /// in, so the first that refuses stops the loop, and the ones committed before it are reset by that beginning to
    /// the epoch it resumes after, as after a crash between two partitions.
    /// </remarks>
    public void Commit(long execution, long epoch)
    {
        foreach (var partition in _partitions)
        {
            partition.Commit(execution, epoch, _keepEpochs);
        }
    }

    public void Dispose()
    {
        foreach (var partition in _partitions)
        {
            partition.Dispose();
        }

        _holder?.Dispose();
    }

    private SqlitePartition PartitionOf(string stepId, string key) => _partitions[PartitionIndex(Serialization.StableHash.Of(stepId), key)];

    /// <summary>The partition of a step's key: the key's stable hash mixed with the step's (<paramref name="salt"/>), so steps with the same keys spread differently.</summary>
    private int PartitionIndex(ulong salt, string key) =>
        (int)(((Serialization.StableHash.Of(key) ^ salt) * 0x9E3779B97F4A7C15UL >> 32) % (ulong)_partitions.Length);

    private static List<string> PartitionFiles(string directory) =>
        [.. Directory.EnumerateFiles(directory, "part-*.sqlite3").Order(StringComparer.Ordinal)];

    private static int IndexOf(SqlitePartition partition) => int.Parse(partition.Meta("partition_index")!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Checks that the partitions form one store of this flow: one of each index, the same count, no stranger's.</summary>
    private static void Validate(string directory, List<SqlitePartition> partitions, string flowId)
    {
        var counts = partitions.Select(p => (p, Count: p.Meta("partition_count"))).ToList();
        var count = counts[0].Count;
        if (counts.FirstOrDefault(c => c.Count != count) is { p: not null } other)
        {
            throw new RecoveryStoreException($"recovery partitions disagree on their count: '{counts[0].p.Path}' says {count}, '{other.p.Path}' says {other.Count}; they are not from the same recovery directory");
        }

        var expected = int.Parse(count!, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var partition in partitions)
        {
            var name = System.IO.Path.GetFileName(partition.Path);
            if (name != PartitionFileName(IndexOf(partition)))
            {
                throw new RecoveryStoreException($"recovery partition '{partition.Path}' is partition {IndexOf(partition)}, so it should be named '{PartitionFileName(IndexOf(partition))}'");
            }

            if (partition.Meta("flow_id") is { } owner && owner != flowId)
            {
                throw new RecoveryStoreException($"recovery partition '{partition.Path}' belongs to flow '{owner}', not '{flowId}'; use another recovery directory for this flow");
            }
        }

        var missing = Enumerable.Range(0, expected).Where(i => !partitions.Any(p => IndexOf(p) == i)).ToList();
        if (missing.Count > 0)
        {
            throw new RecoveryStoreException($"recovery directory '{directory}' is missing partition(s) {string.Join(", ", missing.Select(PartitionFileName))} of {expected}; restore them from a backup");
        }

        if (partitions.Count != expected)
        {
            throw new RecoveryStoreException($"recovery directory '{directory}' holds {partitions.Count} partitions but they say there are {expected}");
        }
    }
}

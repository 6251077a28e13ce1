using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Silo.Recovery;
using Orleans.Dataflow.Silo.Tests.TestSupport;
using Orleans.Dataflow.Testing;
using Orleans.Dataflow.Windowing;

namespace Orleans.Dataflow.Silo.Tests.Recovery;

/// <summary>Recovery directories that cannot be used get an error naming the file and what is wrong, and are never overwritten.</summary>
public sealed class SqliteRecoveryStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Recovery => Path.Combine(_dir.Path, "recovery");

    [Fact]
    public void Open_DirectoryWithoutPartitions_FailsSayingHowToCreateThem()
    {
        Directory.CreateDirectory(Recovery);

        var error = Assert.Throws<RecoveryStoreException>(() => Open("flow"));

        Assert.Contains("holds no partitions", error.Message, StringComparison.Ordinal);
        Assert.Contains("recovery init", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BeginExecution_WhileAnotherRunHoldsTheDirectory_IsRefusedNamingTheHolder_AndAllowedOnceItEnds()
    {
        var first = Open("flow");
        first.BeginExecution(1);
        using var second = Open("flow");

        var error = Assert.Throws<RecoveryStoreException>(() => second.BeginExecution(1));
        first.Dispose();
        var begun = second.BeginExecution(1);

        Assert.True(error.Message.StartsWith($"recovery directory '{Recovery}' is in use by another execution of flow 'flow' (held by host {Environment.MachineName}, process {Environment.ProcessId}, since ", StringComparison.Ordinal), error.Message);
        Assert.Contains("a store serves one execution at a time", error.Message, StringComparison.Ordinal);
        Assert.True(begun.Execution > 0);
    }

    [Fact]
    public void BeginExecution_AgainOnTheStoreThatHoldsTheDirectory_IsTheNextExecution()
    {
        using var store = Open("flow");
        var first = store.BeginExecution(1);

        Assert.True(store.BeginExecution(1).Execution > first.Execution);
    }

    [Fact]
    public void RunMain_MoreWorkersThanPartitions_RunsAndContinuesWithTheStateOfEveryKey()
    {
        // Snapshots go to the partition their step and key hash to, whatever the worker count: two partitions serve
        // six workers, then five, and the partition count stays what init made it.
        SqliteRecoveryStore.Initialize(Recovery, 2);
        var items = Enumerable.Range(1, 40).Select(i => (TestingItem<(string, long)>)($"k{i % 7}", i)).ToList();
        items.Insert(20, TestingMarker.Eof());
        var output = new List<(string Key, long Sum)>();
        var flow = new Dataflow("sums");
        flow.Input("inp", new TestingSource<(string, long)>(items))
            .StatefulMap<long, long, long>("sum", (sum, value) => (sum + value, sum + value))
            .Output("out", new TestingSink<(string, long)>(output));

        var first = DataflowRunner.RunMain(flow, new RunOptions { RecoveryDirectory = Recovery, WorkerCount = 6 });
        var second = DataflowRunner.RunMain(flow, new RunOptions { RecoveryDirectory = Recovery, WorkerCount = 5 });

        Assert.Equal(ExecutionOutcome.Completed, first.Outcome);
        Assert.Equal(ExecutionOutcome.Completed, second.Outcome);
        var totals = Enumerable.Range(1, 40).GroupBy(i => $"k{i % 7}").ToDictionary(g => g.Key, g => (long)g.Sum());
        Assert.Equal(totals, output.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Max(o => o.Sum)));
        Assert.Equal(40, output.Count);
        Assert.Equal(["part-0.sqlite3", "part-1.sqlite3"], Directory.GetFiles(Recovery, "part-*.sqlite3").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RunMain_StreamWatermarkContinuedOnOtherWorkerCount_ResumesFromTheStoredWatermark()
    {
        // The first run takes the stream watermark to 30 s and ends at the marker; the second, on three workers, has
        // read nothing newer than 5 s when a@5 comes, so only the watermark read back from the partitions makes it late.
        SqliteRecoveryStore.Initialize(Recovery, 2);
        TestingItem<(string Key, int Second)>[] items =
            [("a", 1), ("b", 30), TestingMarker.Pause(TimeSpan.FromSeconds(1)), TestingMarker.Eof(), ("a", 5), ("a", 31)];
        var late = new List<(string Key, (long Window, (string, int Second) Item) Value)>();
        var flow = new Dataflow("stream_watermark");
        flow.Input("inp", new TestingSource<(string Key, int Second)>(items))
            .CountWindow("count", new EventClock<(string Key, int Second)>(e => DateTimeOffset.UnixEpoch.AddSeconds(e.Second), TimeSpan.Zero,
                    scope: WatermarkScope.PerStream),
                new TumblingWindower(TimeSpan.FromSeconds(10), DateTimeOffset.UnixEpoch), e => e.Key)
            .Late.Output("late", new TestingSink<(string, (long, (string, int)))>(late));

        var first = DataflowRunner.RunMain(flow, new RunOptions { RecoveryDirectory = Recovery, WorkerCount = 2, SnapshotInterval = TimeSpan.Zero });
        var second = DataflowRunner.RunMain(flow, new RunOptions { RecoveryDirectory = Recovery, WorkerCount = 3, SnapshotInterval = TimeSpan.Zero });

        Assert.Equal(ExecutionOutcome.Completed, first.Outcome);
        Assert.Equal(ExecutionOutcome.Completed, second.Outcome);
        Assert.Equal([("a", (0L, ("a", 5)))], late);
    }

    [Fact]
    public void RunMain_NewDirectoryWithMoreWorkersThanTheDefault_IsCreatedWithAPartitionPerWorker()
    {
        var flow = new Dataflow("numbers");
        flow.Input("inp", new TestingSource<int>([1, 2, 3])).Output("out", new TestingSink<int>([]));

        DataflowRunner.RunMain(flow, new RunOptions { RecoveryDirectory = Recovery, WorkerCount = DataflowRunner.DefaultPartitionCount + 2 });

        Assert.Equal(DataflowRunner.DefaultPartitionCount + 2, Directory.GetFiles(Recovery, "part-*.sqlite3").Length);
    }

    [Fact]
    public void Open_MissingPartition_FailsNamingIt()
    {
        SqliteRecoveryStore.Initialize(Recovery, 3);
        File.Delete(Partition(1));

        var error = Assert.Throws<RecoveryStoreException>(() => Open("flow"));

        Assert.Contains("missing partition(s) part-1.sqlite3 of 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_PartitionsOfAnotherFlow_FailsNamingBothFlows()
    {
        using (var store = Open("sales"))
        {
            store.BeginExecution(1);
        }

        var error = Assert.Throws<RecoveryStoreException>(() => Open("clicks"));

        Assert.Contains("belongs to flow 'sales', not 'clicks'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_PartitionThatIsNotADatabase_FailsNamingTheFileAndLeavesItUnchanged()
    {
        SqliteRecoveryStore.Initialize(Recovery, 2);
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 31)).ToArray();
        File.WriteAllBytes(Partition(1), garbage);

        var error = Assert.Throws<RecoveryStoreException>(() => Open("flow"));

        Assert.Contains(Partition(1), error.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, File.ReadAllBytes(Partition(1)));
    }

    [Fact]
    public void Open_EmptyPartition_FailsSayingItIsEmptyAndNeverToDeleteTheOthers()
    {
        SqliteRecoveryStore.Initialize(Recovery, 2);
        File.WriteAllBytes(Partition(1), []);

        var error = Assert.Throws<RecoveryStoreException>(() => Open("flow"));

        Assert.Equal($"recovery partition '{Partition(1)}' is empty (0 bytes): it was truncated or never written; restore it from a backup", error.Message);
    }

    [Fact]
    public void BeginExecution_TruncatedPartition_FailsNamingTheFile()
    {
        using (var store = Open("flow"))
        {
            store.BeginExecution(1);
            store.Write("sum", 0, 1, [.. Enumerable.Range(0, 2000).Select(i => new StateSnapshot($"key-{i}", new byte[200]))]);
            store.Commit(1);
        }

        var victim = Directory.GetFiles(Recovery, "part-*.sqlite3").OrderByDescending(f => new FileInfo(f).Length).First();
        using (var file = File.Open(victim, FileMode.Open))
        {
            file.SetLength(file.Length / 2);
        }

        var error = Assert.Throws<RecoveryStoreException>(() =>
        {
            using var store = Open("flow");
            store.BeginExecution(1);
        });

        Assert.Contains(victim, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BeginExecution_PartitionRestoredFromAnOlderBackup_FailsSayingThePointsInTimeDiffer()
    {
        SqliteRecoveryStore.Initialize(Recovery, 2);
        using (var store = Open("flow"))
        {
            store.BeginExecution(1);
            WriteEpochs(store, 1, 2);
        }

        var backup = File.ReadAllBytes(Partition(0));
        using (var store = Open("flow"))
        {
            store.BeginExecution(1);
            WriteEpochs(store, 3, 10);
        }

        File.WriteAllBytes(Partition(0), backup);
        var error = Assert.Throws<RecoveryStoreException>(() =>
        {
            using var store = Open("flow");
            store.BeginExecution(1);
        });

        Assert.Contains("different points in time", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{Partition(0)}' was last committed at epoch 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BeginExecution_PartitionRestoredFromABackupWithinTheBackupInterval_ResumesFromTheOlderCommit()
    {
        SqliteRecoveryStore.Initialize(Recovery, 2);
        using (var store = SqliteRecoveryStore.Open(Recovery, "flow", keepEpochs: 10, partitionsIfNew: 2))
        {
            store.BeginExecution(1);
            WriteEpochs(store, 1, 2);
        }

        var backup = File.ReadAllBytes(Partition(0));
        using (var store = SqliteRecoveryStore.Open(Recovery, "flow", keepEpochs: 10, partitionsIfNew: 2))
        {
            store.BeginExecution(1);
            WriteEpochs(store, 3, 10);
        }

        File.WriteAllBytes(Partition(0), backup);
        using var resumed = SqliteRecoveryStore.Open(Recovery, "flow", keepEpochs: 10, partitionsIfNew: 2);
        var resume = resumed.BeginExecution(1);

        // Every key is back at epoch 2, in both partitions: the newer one still kept what epoch 2 needs.
        Assert.Equal(3, resume.Epoch);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Equal(BitConverter.GetBytes(2L), resume.StateOf("sum", $"key-{i}")));
    }

    [Fact]
    public void BeginExecution_CopyOfThePartitionsWithoutTheirWalFiles_ResumesFromTheLastCommit()
    {
        // A backup taken after a crash that copied only part-N.sqlite3: the -wal files, which SQLite folds into the
        // database only now and then, are not in it.
        SqliteRecoveryStore.Initialize(Recovery, 2);
        var copy = Path.Combine(_dir.Path, "copy");
        Directory.CreateDirectory(copy);
        using (var store = Open("flow"))
        {
            store.BeginExecution(1);
            WriteEpochs(store, 1, 5);
            store.Write("sum", 0, 6, [new StateSnapshot("key-0", BitConverter.GetBytes(6L))]);
            for (var i = 0; i < 2; i++)
            {
                File.Copy(Partition(i), Path.Combine(copy, SqliteRecoveryStore.PartitionFileName(i)));
            }
        }

        Assert.Empty(Directory.EnumerateFiles(copy, "*-wal"));
        using var restored = SqliteRecoveryStore.Open(copy, "flow", keepEpochs: 0, partitionsIfNew: 2);
        var resume = restored.BeginExecution(1);

        Assert.Equal(6, resume.Epoch);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Equal(BitConverter.GetBytes(5L), resume.StateOf("sum", $"key-{i}")));
    }

    [Fact]
    public void BeginExecution_KilledBetweenPartitionsOfACommitThatSkippedEpochs_ResumesFromThePreviousCommit()
    {
        // Commits may skip epochs (the newest pending one is committed); a kill after the first partition's commit
        // leaves the second at the previous commit, several epochs back, and collection must have kept what it needs.
        SqliteRecoveryStore.Initialize(Recovery, 2);
        byte[] before;
        using (var store = Open("flow"))
        {
            store.BeginExecution(1);
            WriteEpochs(store, 1, 2);
            before = File.ReadAllBytes(Partition(1));
            for (var epoch = 3L; epoch <= 8; epoch++)
            {
                store.Write("sum", 0, epoch, [.. Enumerable.Range(0, 10).Select(i => new StateSnapshot($"key-{i}", BitConverter.GetBytes(epoch)))]);
            }

            store.Commit(8);
        }

        File.WriteAllBytes(Partition(1), before);
        using var resumed = Open("flow");
        var resume = resumed.BeginExecution(1);

        Assert.Equal(3, resume.Epoch);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Equal(BitConverter.GetBytes(2L), resume.StateOf("sum", $"key-{i}")));
    }

    [Fact]
    public void Write_DiskFull_FailsWithoutCommittingAndTheStoreResumesFromTheLastCommit()
    {
        SqliteRecoveryStore.Initialize(Recovery, 1);
        using (var store = SqliteRecoveryStore.Open(Recovery, "flow", keepEpochs: 0, partitionsIfNew: 1, maxPageCount: 40))
        {
            store.BeginExecution(1);
            store.Write("sum", 0, 1, [new StateSnapshot("a", [1])]);
            store.Commit(1);

            var error = Assert.Throws<RecoveryStoreException>(() =>
                store.Write("sum", 0, 2, [.. Enumerable.Range(0, 1000).Select(i => new StateSnapshot($"key-{i}", new byte[1000]))]));
            Assert.Contains("the disk is full", error.Message, StringComparison.Ordinal);
            Assert.Contains(Partition(0), error.Message, StringComparison.Ordinal);
        }

        using var reopened = Open("flow");
        var resume = reopened.BeginExecution(1);

        Assert.Equal(2, resume.Epoch);
        Assert.Equal([1], resume.StateOf("sum", "a"));
        Assert.Null(resume.StateOf("sum", "key-0"));
    }

    [Fact]
    public void RunMain_SnapshotThatDoesNotDeserialize_FailsNamingThePartitionFile()
    {
        UndeserializableSnapshot.WriteTo(Open("sums"));

        var error = UndeserializableSnapshot.Resume(Recovery);

        Assert.Contains("restoring key \"a\" from its snapshot before epoch 2 in recovery partition", error.During, StringComparison.Ordinal);
        Assert.Contains(Recovery, error.During, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialize_DirectoryWithPartitions_FailsAndOverwritesNothing()
    {
        SqliteRecoveryStore.Initialize(Recovery, 2);
        var before = File.ReadAllBytes(Partition(0));

        var error = Assert.Throws<RecoveryStoreException>(() => SqliteRecoveryStore.Initialize(Recovery, 4));

        Assert.Contains("already holds 2 partition(s)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Partition(0)));
        Assert.Equal(2, Directory.GetFiles(Recovery, "part-*.sqlite3").Length);
    }

    public void Dispose() => _dir.Dispose();

    private SqliteRecoveryStore Open(string flowId) => SqliteRecoveryStore.Open(Recovery, flowId, keepEpochs: 0, partitionsIfNew: 2);

    private string Partition(int index) => Path.Combine(Recovery, SqliteRecoveryStore.PartitionFileName(index));

    /// <summary>Writes a snapshot of ten keys in each epoch from <paramref name="first"/> to <paramref name="last"/> and commits each.</summary>
    private static void WriteEpochs(SqliteRecoveryStore store, long first, long last)
    {
        for (var epoch = first; epoch <= last; epoch++)
        {
            store.Write("sum", 0, epoch, [.. Enumerable.Range(0, 10).Select(i => new StateSnapshot($"key-{i}", BitConverter.GetBytes(epoch)))]);
            store.Commit(epoch);
        }
    }
}

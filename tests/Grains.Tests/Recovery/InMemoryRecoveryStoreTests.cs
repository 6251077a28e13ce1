using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Grains.Tests.Recovery;

/// <summary>The recovery-store contract run against <see cref="InMemoryRecoveryStore"/>, and what only it can show: how many snapshots garbage collection leaves, and the progress it holds.</summary>
public sealed class InMemoryRecoveryStoreTests : RecoveryStoreContract
{
    protected override IRecoveryStore CreateStore() => new InMemoryRecoveryStore();

    [Fact]
    public void Commit_HundredEpochsOverwritingThreeKeys_KeepsOneSnapshotPerKey()
    {
        var store = new InMemoryRecoveryStore();

        OverwriteThreeKeys(store, epochs: 100);

        Assert.Equal(3, store.SnapshotCount);
    }

    [Fact]
    public void Commit_HundredEpochsWithFiveKeptEpochs_KeepsSixSnapshotsPerKey()
    {
        var store = new InMemoryRecoveryStore(keepEpochs: 5);

        OverwriteThreeKeys(store, epochs: 100);

        // Per key: the newest snapshot at or before epoch 95, the oldest a restore may go back to, and the five after it.
        Assert.Equal(18, store.SnapshotCount);
    }

    [Fact]
    public void Commit_TombstonesOfEveryKey_LeaveNoSnapshots()
    {
        var store = new InMemoryRecoveryStore();
        store.BeginExecution(1);
        store.Write("sum", 0, 1, [new StateSnapshot("a", [1]), new StateSnapshot("b", [2])]);
        store.Commit(1);
        store.Write("sum", 0, 2, [new StateSnapshot("a", null), new StateSnapshot("b", null)]);
        store.Commit(2);

        Assert.Equal(0, store.SnapshotCount);
    }

    [Fact]
    public void RecordProgress_OfAnExecutionANewerOneReplaced_LeavesTheNewerOnesProgress()
    {
        var store = new InMemoryRecoveryStore();
        var old = store.BeginExecution(2);
        var current = store.BeginExecution(2);
        store.RecordProgress(current.Execution, 0, 1);

        Assert.Throws<SupersededExecutionException>(() => store.RecordProgress(old.Execution, 0, 5));
        Assert.Throws<SupersededExecutionException>(() => store.RecordProgress(old.Execution, 1, 5));

        Assert.Equal(new Dictionary<int, long> { [0] = 1 }, store.Progress);
    }

    private static void OverwriteThreeKeys(InMemoryRecoveryStore store, int epochs)
    {
        store.BeginExecution(1);
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var state = BitConverter.GetBytes(epoch);
            store.Write("sum", 0, epoch, [new StateSnapshot("a", state), new StateSnapshot("b", state), new StateSnapshot("c", state)]);
            store.Commit(epoch);
        }
    }
}

using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Grains.Tests.Recovery;

/// <summary>The commit thread makes its progress and commits as the execution it serves, so a store refuses those of a replaced one.</summary>
public sealed class BackgroundCommitterTests
{
    [Fact]
    public void BackgroundCommitter_OfTheCurrentExecution_RecordsProgressAndCommits()
    {
        var store = new InMemoryRecoveryStore();
        var begun = store.BeginExecution(2);
        var committer = new BackgroundCommitter(store, begun.Execution, "fenced", _ => { });

        committer.RecordProgress(0, 3);
        committer.RecordProgress(1, 2);
        committer.Request(2);

        Assert.Null(committer.Complete());
        Assert.Equal(2, store.CommittedEpoch);
        Assert.Equal(new Dictionary<int, long> { [0] = 3, [1] = 2 }, store.Progress);
    }

    [Fact]
    public void BackgroundCommitter_OfAnExecutionANewerOneReplaced_FailsWithTheRefusalAndCommitsNothing()
    {
        var store = new InMemoryRecoveryStore();
        var old = store.BeginExecution(1);
        store.Commit(old.Execution, 1);
        var current = store.BeginExecution(1);
        Exception? reported = null;

        // The committer of the abandoned attempt, still running: it commits as its own execution, never as the one the store began last.
        var committer = new BackgroundCommitter(store, old.Execution, "fenced", e => reported = e);
        committer.RecordProgress(0, 2);
        committer.Request(2);
        var failure = committer.Complete();

        var refused = Assert.IsType<SupersededExecutionException>(failure);
        Assert.Same(refused, reported);
        Assert.Contains($"execution {current.Execution}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, store.CommittedEpoch);
        Assert.Empty(store.Progress);
    }
}

using System.Text;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Grains.Tests.Recovery;

/// <summary>What every <see cref="IRecoveryStore"/> must do, tested through the interface alone: derive one class per store, and every test here runs against it.</summary>
/// <remarks>
/// Each test makes the engine's calls in the engine's order: <see cref="IRecoveryStore.BeginExecution"/> first, then
/// writes, progress and commits; every later execution begins on the store as <see cref="Reopen"/> returns it, so a
/// durable store also proves that what it resumes from survives a restart of the process. The stores a test opens are
/// disposed after it, when they are <see cref="IDisposable"/>.
/// </remarks>
public abstract class RecoveryStoreContract : IDisposable
{
    private const string Step = "sum";
    private const int LargeStateSeed = 20_250_611;
    private readonly List<IRecoveryStore> _stores = [];

    /// <summary>Creates a new, empty store; each test creates its own.</summary>
    protected abstract IRecoveryStore CreateStore();

    /// <summary>Returns <paramref name="store"/> as a restarted process would find it; a durable store disposes it and opens its data again.</summary>
    protected virtual IRecoveryStore Reopen(IRecoveryStore store) => store;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes every store the test has open; an override that deletes the stores' files calls it first.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var store in _stores)
            {
                (store as IDisposable)?.Dispose();
            }

            _stores.Clear();
        }
    }

    [Fact]
    public void BeginExecution_NewStore_StartsFreshAtTheFirstEpoch()
    {
        var resume = Open().BeginExecution(1);

        Assert.Equal(DataflowExecution.FirstEpoch, resume.Epoch);
        Assert.False(resume.IsResume);
        Assert.Empty(resume.KeysOf(Step));
        Assert.Empty(resume.KeysOf("inp"));
        Assert.Null(resume.StateOf(Step, "a"));
    }

    [Fact]
    public void BeginExecution_AfterCommit_ResumesTheNextEpochWithTheNewestSnapshotOfEachKey()
    {
        var store = Open();
        store.BeginExecution(1);
        store.Write(Step, 0, 1, [Snapshot("a", "a1"), Snapshot("b", "b1"), Snapshot("c", "c1")]);
        store.Write(Step, 0, 2, [Snapshot("a", "a2"), Snapshot("c", "c2")]);
        store.Write(Step, 0, 3, [Snapshot("a", "a3")]);
        store.Commit(3);

        var resume = Restart(ref store);

        Assert.Equal(4, resume.Epoch);
        Assert.True(resume.IsResume);
        AssertKeys(resume, Step, ("a", "a3"), ("b", "b1"), ("c", "c2"));
    }

    [Fact]
    public void ReadResume_WhileTheResumedExecutionWrites_ReadsWhatBeginExecutionResumedFrom()
    {
        var store = Open();
        store.BeginExecution(1);
        store.Write(Step, 0, 1, [Snapshot("a", "a1"), Snapshot("b", "b1")]);
        store.Write(Step, 0, 2, [Snapshot("a", "a2"), Snapshot("b", null)]);
        store.Commit(2);
        var begun = Restart(ref store);
        store.Write(Step, 0, 3, [Snapshot("a", "a3"), Snapshot("c", "c3")]);

        var read = store.ReadResume(begun.Epoch);

        Assert.Equal(3, read.Epoch);
        AssertKeys(read, Step, ("a", "a2"));
        AssertKeys(begun, Step, ("a", "a2"));
    }

    [Fact]
    public void BeginExecution_EachExecution_GetsALargerNumber()
    {
        var store = Open();
        var first = store.BeginExecution(1);
        var second = Restart(ref store);

        Assert.True(first.Execution > 0, $"the first execution's number is {first.Execution}");
        Assert.True(second.Execution > first.Execution, $"execution {second.Execution} began after execution {first.Execution}");
    }

    [Fact]
    public void Write_OfAnExecutionANewerOneReplaced_IsRefusedAndNeverResumed()
    {
        var store = Open();
        var old = store.BeginExecution(2);
        store.Write(Step, 0, 1, [Snapshot("a", "a1")]);
        store.Commit(1);
        var current = store.BeginExecution(2);

        // A partition of the abandoned execution, late: what it writes would mix two executions' epoch 2.
        var refused = Assert.Throws<SupersededExecutionException>(() => store.SinkFor(old.Execution).Write(Step, 1, 2, [Snapshot("b", "stale")]));
        store.SinkFor(current.Execution).Write(Step, 0, 2, [Snapshot("a", "a2")]);
        store.Commit(2);
        var resume = Restart(ref store);

        Assert.Contains($"execution {old.Execution}", refused.Message, StringComparison.Ordinal);
        AssertKeys(resume, Step, ("a", "a2"));
    }

    [Fact]
    public void Commit_OfAnExecutionANewerOneReplaced_IsRefusedAndCommitsNothing()
    {
        var store = Open();
        var old = store.BeginExecution(1);
        store.SinkFor(old.Execution).Write(Step, 0, 1, [Snapshot("a", "a1")]);
        store.Commit(old.Execution, 1);
        store.SinkFor(old.Execution).Write(Step, 0, 2, [Snapshot("a", "old a2")]);
        var current = store.BeginExecution(1);

        // The abandoned execution's coordinator, late: its commit would make the dropped epoch 2 (and 3) look
        // committed. One of an epoch already committed changes nothing, but must not pass for accepted either.
        var refused = Assert.Throws<SupersededExecutionException>(() => store.Commit(old.Execution, 3));
        var refusedAgain = Assert.Throws<SupersededExecutionException>(() => store.Commit(old.Execution, 1));
        store.SinkFor(current.Execution).Write(Step, 0, 2, [Snapshot("a", "a2")]);
        store.Commit(current.Execution, 2);
        var resume = Restart(ref store);

        foreach (var error in new[] { refused, refusedAgain })
        {
            Assert.Contains($"execution {old.Execution}", error.Message, StringComparison.Ordinal);
            Assert.Contains($"execution {current.Execution}", error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("commit of epoch 3", refused.Message, StringComparison.Ordinal);
        Assert.Equal(3, resume.Epoch);
        AssertKeys(resume, Step, ("a", "a2"));
    }

    [Fact]
    public void RecordProgress_OfAnExecutionANewerOneReplaced_IsRefused()
    {
        var store = Open();
        var old = store.BeginExecution(2);
        store.RecordProgress(old.Execution, 1, 1);
        var current = store.BeginExecution(2);

        var refused = Assert.Throws<SupersededExecutionException>(() => store.RecordProgress(old.Execution, 1, 2));
        store.RecordProgress(current.Execution, 1, 1);

        Assert.Contains("worker 1", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"execution {old.Execution}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"execution {current.Execution}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadResume_WithAFilter_HoldsOnlyTheSnapshotsItKeeps()
    {
        var store = Open();
        store.BeginExecution(2);
        store.Write(Step, 0, 1, [Snapshot("a", "a1"), Snapshot("b", "b1"), Snapshot("c", "c1")]);
        store.Write("source", 1, 1, [Snapshot("part-0", "offset 7")]);
        store.Commit(1);
        var begun = Restart(ref store);

        var read = store.ReadResume(begun.Epoch, SnapshotFilter.Where((step, key) => step != Step || key != "b"));

        AssertKeys(read, Step, ("a", "a1"), ("c", "c1"));
        AssertKeys(read, "source", ("part-0", "offset 7"));
    }

    [Fact]
    public void BeginExecution_RestoringNothing_GivesWhereToResumeWithoutState()
    {
        var store = Open();
        store.BeginExecution(1);
        store.Write(Step, 0, 1, [Snapshot("a", "a1")]);
        store.Write(Step, 0, 2, [Snapshot("a", "a2")]);
        store.Commit(2);

        var begun = Restart(ref store, restore: SnapshotFilter.None);

        Assert.Equal(3, begun.Epoch);
        Assert.True(begun.IsResume);
        Assert.Empty(begun.StepIds);
        AssertKeys(store.ReadResume(begun.Epoch), Step, ("a", "a2"));
    }

    [Fact]
    public void ReadResume_FirstEpoch_IsFresh() => Assert.False(Open().ReadResume(DataflowExecution.FirstEpoch).IsResume);

    [Fact]
    public void BeginExecution_TwiceWithNothingBetween_ResumesTheSameState()
    {
        var store = Open();
        store.BeginExecution(1);
        store.Write(Step, 0, 1, [Snapshot("a", "a1")]);
        store.Write(Step, 0, 2, [Snapshot("a", "a2"), Snapshot("b", "b2")]);
        store.Commit(1);

        // A crash right after an execution begins must not cost the state it began from.
        var first = Restart(ref store);
        var second = Restart(ref store);

        Assert.Equal(2, first.Epoch);
        Assert.Equal(2, second.Epoch);
        AssertKeys(first, Step, ("a", "a1"));
        AssertKeys(second, Step, ("a", "a1"));
    }

    [Fact]
    public void Write_SameStepKeyAndEpochAgain_KeepsTheLastWrite()
    {
        var store = Open();
        store.BeginExecution(1);
        store.Write(Step, 0, 1, [Snapshot("a", "first"), Snapshot("b", "b1"), Snapshot("c", null)]);
        store.Write(Step, 0, 1, [Snapshot("a", "second"), Snapshot("b", null), Snapshot("c", "c1")]);

        // Within one call too: a store that upserts a whole batch in one statement must not reject or reorder it.
        store.Write(Step, 0, 1, [Snapshot("d", "d-first"), Snapshot("d", "d-second")]);
        store.Commit(1);

        var resume = Restart(ref store);

        AssertKeys(resume, Step, ("a", "second"), ("c", "c1"), ("d", "d-second"));
    }

    [Fact]
    public void BeginExecution_KeyWhoseNewestSnapshotIsATombstone_IsAbsent()
    {
        var store = Open();
        store.BeginExecution(1);
        store.Write(Step, 0, 1, [Snapshot("a", "a1"), Snapshot("b", "b1")]);
        store.Write(Step, 0, 2, [Snapshot("a", null)]);
        store.Commit(2);

        var resume = Restart(ref store);

        AssertKeys(resume, Step, ("b", "b1"));
        Assert.Null(resume.StateOf(Step, "a"));
    }

    [Fact]
    public void BeginExecution_KeyWrittenAfterItsTombstone_IsLiveAgain()
    {
        var store = Open();
        store.BeginExecution(1);
        store.Write(Step, 0, 1, [Snapshot("a", "a1"), Snapshot("b", "b1")]);
        store.Commit(1);
        store.Write(Step, 0, 2, [Snapshot("a", null), Snapshot("b", null)]);
        store.Commit(2);
        store.Write(Step, 0, 3, [Snapshot("a", "a3")]);
        store.Commit(3);

        var resume = Restart(ref store);

        AssertKeys(resume, Step, ("a", "a3"));

        // b's tombstone is committed and may be collected by now; a new state must still bring it back.
        store.Write(Step, 0, resume.Epoch, [Snapshot("b", "b4")]);
        store.Commit(resume.Epoch);

        AssertKeys(Restart(ref store), Step, ("a", "a3"), ("b", "b4"));
    }

    [Fact]
    public void BeginExecution_SnapshotsOfUncommittedEpochs_AreIgnored()
    {
        var store = Open();
        store.BeginExecution(1);
        for (var epoch = 1; epoch <= 5; epoch++)
        {
            store.Write(Step, 0, epoch, [Snapshot("a", $"a{epoch}")]);
        }

        store.Write(Step, 0, 2, [Snapshot("b", "b2")]);
        store.Write(Step, 0, 4, [Snapshot("b", null)]);
        store.Write(Step, 0, 5, [Snapshot("c", "c5")]);
        store.Commit(3);

        var resume = Restart(ref store);

        // b's tombstone never committed, so b is still live; c exists only in an epoch that never committed.
        Assert.Equal(4, resume.Epoch);
        AssertKeys(resume, Step, ("a", "a3"), ("b", "b2"));
    }

    [Fact]
    public void BeginExecution_KeyLastWrittenInAnEpochThatNeverCommitted_KeepsItsCommittedStateAfterLaterCommits()
    {
        var store = Open();
        store.BeginExecution(1);
        for (var epoch = 1; epoch <= 5; epoch++)
        {
            store.Write(Step, 0, epoch, [Snapshot("k", $"k{epoch}"), Snapshot("other", $"other{epoch}")]);
        }

        store.Write(Step, 0, 1, [Snapshot("t", "t1")]);
        store.Write(Step, 0, 5, [Snapshot("t", null), Snapshot("n", "n5")]);
        store.Commit(3);
        var resume = Restart(ref store);

        // The resumed run redoes epochs 4 and 5 differently: k, t and n are not written again. Their epoch-5
        // snapshots from the first run must be gone, or committing past 5 would make them look committed.
        for (var epoch = resume.Epoch; epoch <= 6; epoch++)
        {
            store.Write(Step, 0, epoch, [Snapshot("other", $"redone{epoch}")]);
            store.Commit(epoch);
        }

        resume = Restart(ref store);

        Assert.Equal(7, resume.Epoch);
        AssertKeys(resume, Step, ("k", "k3"), ("other", "redone6"), ("t", "t1"));
    }

    [Fact]
    public void BeginExecution_NothingCommitted_IsFreshEveryTime()
    {
        var store = Open();
        store.BeginExecution(1);
        store.Write(Step, 0, 1, [Snapshot("a", "a1")]);
        store.Write(Step, 0, 2, [Snapshot("a", "a2"), Snapshot("b", "b2")]);
        store.RecordProgress(0, 2);

        // A crash before the first commit replays from the start, and so does a crash of the replay.
        var first = Restart(ref store);
        var second = Restart(ref store);

        foreach (var resume in new[] { first, second })
        {
            Assert.Equal(DataflowExecution.FirstEpoch, resume.Epoch);
            Assert.False(resume.IsResume);
            AssertKeys(resume, Step);
        }
    }

    [Fact]
    public void Commit_AfterARunThatNeverCommitted_ResumesNothingOfThatRun()
    {
        var store = Open();
        store.BeginExecution(1);
        store.Write(Step, 0, 1, [Snapshot("a", "lost a1")]);
        store.Write(Step, 0, 2, [Snapshot("b", "lost b2")]);
        var resume = Restart(ref store);

        store.Write(Step, 0, resume.Epoch, [Snapshot("a", "a1")]);
        store.Commit(resume.Epoch);
        store.Write(Step, 0, 2, [Snapshot("c", "c2")]);
        store.Commit(2);

        resume = Restart(ref store);

        Assert.Equal(3, resume.Epoch);
        AssertKeys(resume, Step, ("a", "a1"), ("c", "c2"));
    }

    [Fact]
    public void Commit_EarlierEpochThanTheLastCommitted_IsIgnored()
    {
        var store = Open();
        store.BeginExecution(1);
        store.Write(Step, 0, 3, [Snapshot("a", "a3")]);
        store.Write(Step, 0, 5, [Snapshot("a", "a5")]);
        store.Commit(5);
        store.Commit(3);

        var resume = Restart(ref store);

        Assert.Equal(6, resume.Epoch);
        AssertKeys(resume, Step, ("a", "a5"));
    }

    [Fact]
    public void Write_SameKeyUnderTwoSteps_KeepsTwoStates()
    {
        var store = Open();
        store.BeginExecution(1);
        store.Write("count", 0, 1, [Snapshot("k", "count k")]);
        store.Write(Step, 0, 1, [Snapshot("k", "sum k")]);

        // A store that joins step id and key into one name must not let these pairs collide.
        store.Write("x", 0, 1, [Snapshot("y/z", "x + y/z"), Snapshot("y:z", "x + y:z")]);
        store.Write("x/y", 0, 1, [Snapshot("z", "x/y + z")]);
        store.Write("x:y", 0, 1, [Snapshot("z", "x:y + z")]);
        store.Commit(1);
        store.Write("count", 0, 2, [Snapshot("k", null)]);
        store.Commit(2);

        var resume = Restart(ref store);

        AssertKeys(resume, "count");
        AssertKeys(resume, Step, ("k", "sum k"));
        AssertKeys(resume, "x", ("y/z", "x + y/z"), ("y:z", "x + y:z"));
        AssertKeys(resume, "x/y", ("z", "x/y + z"));
        AssertKeys(resume, "x:y", ("z", "x:y + z"));
        AssertKeys(resume, "never written");
    }

    [Fact]
    public void Write_BinaryStates_RoundTripByteForByte()
    {
        var everyByte = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var large = new byte[1 << 20];
        new Random(LargeStateSeed).NextBytes(large);
        var store = Open();
        store.BeginExecution(1);
        store.Write(Step, 0, 1, [new StateSnapshot("empty", []), new StateSnapshot("every byte", everyByte), new StateSnapshot("large", large)]);
        store.Commit(1);

        var resume = Restart(ref store);

        // An empty state is a live key, not a tombstone: a store must not turn it into null.
        var empty = resume.StateOf(Step, "empty");
        Assert.NotNull(empty);
        Assert.Empty(empty);
        Assert.Equal(everyByte, resume.StateOf(Step, "every byte"));
        var resumedLarge = resume.StateOf(Step, "large");
        Assert.NotNull(resumedLarge);
        Assert.True(large.AsSpan().SequenceEqual(resumedLarge),
            $"the 1 MB state (random bytes, seed {LargeStateSeed}) came back as {resumedLarge.Length} different bytes");
    }

    [Fact]
    public void Write_KeysWithUnusualText_RoundTripExactly()
    {
        // Case, trailing spaces and the two encodings of é are distinct keys: keys compare ordinally.
        string[] keys = ["", "ключ", "🔑", "quote \" apostrophe ' backslash \\ nul \0 end", "Key", "key", "key ", "\u00e9", "e\u0301"];
        var store = Open();
        store.BeginExecution(1);
        store.Write(Step, 0, 1, keys.Select((key, i) => Snapshot(key, $"state {i}")).ToList());
        store.Commit(1);

        var resume = Restart(ref store);

        AssertKeys(resume, Step, keys.Select((key, i) => (key, $"state {i}")).ToArray());
    }

    [Fact]
    public void Commit_ManyEpochsOverwritingTheSameKeys_ResumesTheNewestStates()
    {
        var store = Open();
        store.BeginExecution(1);
        store.Write(Step, 0, 1, [Snapshot("untouched", "written once")]);
        for (var epoch = 1; epoch <= 100; epoch++)
        {
            // flicker is discarded in even epochs and comes back in odd ones, so it ends discarded.
            store.Write(Step, 0, epoch, [Snapshot("a", $"a{epoch}"), Snapshot("b", $"b{epoch}"), Snapshot("c", $"c{epoch}"),
                Snapshot("flicker", epoch % 2 == 0 ? null : $"flicker{epoch}")]);
            store.Commit(epoch);
        }

        var resume = Restart(ref store);

        // Collection drops superseded snapshots, never the newest one of a live key, however old.
        Assert.Equal(101, resume.Epoch);
        AssertKeys(resume, Step, ("a", "a100"), ("b", "b100"), ("c", "c100"), ("untouched", "written once"));
    }

    [Fact]
    public void Commit_AfterATombstoneWasCommitted_KeyStaysAbsent()
    {
        var store = Open();
        store.BeginExecution(1);
        store.Write(Step, 0, 1, [Snapshot("a", "a1"), Snapshot("b", "b1")]);
        store.Commit(1);
        store.Write(Step, 0, 2, [Snapshot("a", null)]);
        store.Commit(2);

        // Enough further commits that any backup interval collects the tombstone: collecting it must take a1 too.
        for (var epoch = 3; epoch <= 12; epoch++)
        {
            store.Write(Step, 0, epoch, [Snapshot("b", $"b{epoch}")]);
            store.Commit(epoch);
        }

        var resume = Restart(ref store);

        AssertKeys(resume, Step, ("b", "b12"));
        Assert.Null(resume.StateOf(Step, "a"));
    }

    [Fact]
    public void Commit_WhileLaterEpochsAreAlreadyWritten_ResumesTheCommittedState()
    {
        // Workers run ahead of commits: epoch 2's snapshots arrive before epoch 1 commits. The collection that
        // commit runs must not let them supersede or discard what a crash right after it resumes from.
        var store = Open();
        store.BeginExecution(2);
        store.Write(Step, 0, 1, [Snapshot("a", "a1"), Snapshot("b", "b1")]);
        store.Write(Step, 1, 2, [Snapshot("a", "a2"), Snapshot("b", null), Snapshot("c", "c2")]);
        store.Commit(1);

        var resume = Restart(ref store, workerCount: 2);

        Assert.Equal(2, resume.Epoch);
        AssertKeys(resume, Step, ("a", "a1"), ("b", "b1"));
    }

    [Fact]
    public void Commit_OfATombstoneWhileALaterStateIsAlreadyWritten_KeepsTheLaterState()
    {
        var store = Open();
        store.BeginExecution(2);
        store.Write(Step, 0, 1, [Snapshot("a", "a1")]);
        store.Write(Step, 0, 2, [Snapshot("a", null)]);
        store.Write(Step, 1, 3, [Snapshot("a", "a3")]);

        // Collecting the committed tombstone must leave the snapshot of the epoch still in flight.
        store.Commit(2);
        store.Commit(3);

        var resume = Restart(ref store, workerCount: 2);

        AssertKeys(resume, Step, ("a", "a3"));
    }

    [Fact]
    public void RecordProgress_OfEveryWorker_DoesNotChangeWhatIsResumed()
    {
        var store = Open();
        store.BeginExecution(3);
        store.Write(Step, 2, 1, [Snapshot("a", "a1")]);
        for (var worker = 0; worker < 3; worker++)
        {
            store.RecordProgress(worker, 1);
        }

        store.Commit(1);

        // Workers that closed epoch 2 before the crash: progress past the last commit is not a commit.
        store.RecordProgress(0, 2);
        store.RecordProgress(2, 2);

        // Rescaled up, then down: every index below the new worker count is valid.
        var resume = Restart(ref store, workerCount: 5);
        for (var worker = 0; worker < 5; worker++)
        {
            store.RecordProgress(worker, resume.Epoch);
        }

        resume = Restart(ref store, workerCount: 1);
        store.RecordProgress(0, resume.Epoch);
        var last = Restart(ref store, workerCount: 1);

        Assert.Equal(2, last.Epoch);
        AssertKeys(last, Step, ("a", "a1"));
    }

    [Fact]
    public async Task Write_FromFourThreadsAtOnce_EveryStateIsResumed()
    {
        const int workers = 4;
        const int keysPerWorker = 5000;
        const int batch = 10;
        var store = Open();
        store.BeginExecution(workers);
        using var start = new Barrier(workers);

        // Dedicated threads behind a barrier, so the writes really overlap: each worker writes its own step, and its
        // own keys of a step every worker runs. Enough keys that a store without synchronization loses some even on
        // two cores, in batches so that a store paying a transaction a call stays quick.
        var writers = Enumerable.Range(0, workers).Select(worker => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var first = 0; first < keysPerWorker; first += batch)
            {
                var keys = Enumerable.Range(first, batch).ToList();
                store.Write($"own{worker}", worker, 1, keys.Select(i => Snapshot($"k{i}", $"w{worker} k{i}")).ToList());
                store.Write("shared", worker, 1, keys.Select(i => Snapshot($"w{worker} k{i}", $"w{worker} k{i}")).ToList());
            }

            store.RecordProgress(worker, 1);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        await Task.WhenAll(writers);
        store.Commit(1);

        var resume = Restart(ref store, workers);

        for (var worker = 0; worker < workers; worker++)
        {
            AssertKeys(resume, $"own{worker}", Enumerable.Range(0, keysPerWorker).Select(i => ($"k{i}", $"w{worker} k{i}")).ToArray());
        }

        AssertKeys(resume, "shared", Enumerable.Range(0, workers)
            .SelectMany(worker => Enumerable.Range(0, keysPerWorker).Select(i => ($"w{worker} k{i}", $"w{worker} k{i}"))).ToArray());
    }

    /// <summary>Creates a store for the test and disposes it after.</summary>
    [Fact]
    public void Flow_KeyExpiredByItsStateTimeToLive_IsATombstoneInTheStoreAndNotResumed()
    {
        // The run's clock moves a second per read: "idle", seen once, is idle for hundreds of seconds by the end;
        // "busy", seen every other item, never for two minutes.
        var store = Open();
        var items = new List<(string, long)> { ("idle", 1L) };
        items.AddRange(Enumerable.Range(0, 300).Select(i => i % 2 == 0 ? ("busy", 1L) : ($"filler-{i}", 1L)));
        var flow = new Dataflow("contract");
        flow.Input("inp", new Testing.TestingSource<(string, long)>(items))
            .StatefulMap(Step, (long sum, long value) => (sum + value, sum + value))
            .WithStateTimeToLive(TimeSpan.FromMinutes(2))
            .Output("out", new Testing.TestingSink<(string, long)>([]));

        DataflowExecution.Run(flow, new ExecutionOptions
        {
            EpochInterval = TimeSpan.FromMilliseconds(1),
            Recovery = store,
            Clock = new SecondPerRead(),
        });
        var resume = Restart(ref store);

        Assert.Null(resume.StateOf(Step, "idle"));
        Assert.NotNull(resume.StateOf(Step, "busy"));
    }

    [Fact]
    public void Flow_RecordSkippedByTheErrorPolicy_StaysSkippedWhenTheRunResumes()
    {
        var items = Enumerable.Range(1, 30).Select(i => (Testing.TestingItem<(string, long)>)($"k{i % 3}", (long)i)).ToList();
        var aborting = items.Take(20).Append(Testing.TestingMarker.Abort()).Concat(items.Skip(20)).ToList();
        var store = Open();

        SkippingSums(aborting, store, ExecutionOutcome.Aborted);
        var resumed = SkippingSums(aborting, store, ExecutionOutcome.Completed);

        var expected = Enumerable.Range(1, 30).Where(i => i % 7 != 0).GroupBy(i => $"k{i % 3}").ToDictionary(g => g.Key, g => (long)g.Sum());
        Assert.Equal(expected, resumed.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Last().Value));
    }

    /// <summary>Running sums per key that pass over every multiple of 7 (the mapper throws on them), on <paramref name="store"/>.</summary>
    private static List<(string Key, long Value)> SkippingSums(List<Testing.TestingItem<(string, long)>> items, IRecoveryStore store, ExecutionOutcome expected)
    {
        var output = new List<(string Key, long Value)>();
        var flow = new Dataflow("contract");
        flow.Input("inp", new Testing.TestingSource<(string, long)>(items))
            .StatefulMap(Step, (long sum, long value) => value % 7 == 0 ? throw new ArithmeticException("a seventh") : (sum + value, sum + value))
            .OnError(ErrorPolicy.Skip)
            .Output("out", new Testing.TestingSink<(string Key, long Value)>(output));

        Assert.Equal(expected, DataflowExecution.Run(flow, new ExecutionOptions { EpochInterval = TimeSpan.Zero, Recovery = store }).Outcome);
        return output;
    }

    private IRecoveryStore Open()
    {
        var store = CreateStore();
        _stores.Add(store);
        return store;
    }

    /// <summary>Reopens <paramref name="store"/> as a restarted process would and begins its next execution.</summary>
    private ResumePoint Restart(ref IRecoveryStore store, int workerCount = 1, SnapshotFilter? restore = null)
    {
        var reopened = Reopen(store);
        if (!ReferenceEquals(reopened, store))
        {
            // Reopen disposed the old instance; only the new one is left to dispose.
            _stores.Remove(store);
            _stores.Add(reopened);
            store = reopened;
        }

        return store.BeginExecution(workerCount, restore);
    }

    private static StateSnapshot Snapshot(string key, string? state) => new(key, state is null ? null : Encoding.UTF8.GetBytes(state));

    /// <summary>Asserts that the live keys of <paramref name="stepId"/> are exactly <paramref name="expected"/>, with those states.</summary>
    private static void AssertKeys(ResumePoint resume, string stepId, params (string Key, string State)[] expected) =>
        Assert.Equal(
            expected.OrderBy(e => e.Key, StringComparer.Ordinal),
            resume.KeysOf(stepId).Select(k => (k.Key, Encoding.UTF8.GetString(k.Value))).OrderBy(e => e.Key, StringComparer.Ordinal));

    /// <summary>A clock that moves one second on every read (this file is compiled into the tests of every store, without the test support of any).</summary>
    private sealed class SecondPerRead : TimeProvider
    {
        private long _reads;

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddSeconds(Interlocked.Increment(ref _reads));
    }
}

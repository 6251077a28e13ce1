using Orleans.Dataflow.Inputs;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Abstractions.Tests.Testing;

/// <summary>A TestingSource partition's snapshot counts every element it has taken, markers too, so a resumed partition neither repeats nor skips an item.</summary>
public sealed class TestingSourceTests
{
    [Fact]
    public void Resume_AfterPauses_RepeatsNoItem()
    {
        var source = new TestingSource<int>([1, TestingMarker.Pause(TimeSpan.Zero), 2, TestingMarker.Pause(TimeSpan.Zero), 3, 4]);

        var (first, snapshot) = Read(source, 0, batches: 3);
        var (rest, _) = Read(source, snapshot, batches: 10);

        Assert.Equal([1, 2], first);
        Assert.Equal([3, 4], rest);
    }

    [Fact]
    public void Resume_PastAnAbortThatFired_RepeatsNoItemAfterIt()
    {
        var source = new TestingSource<int>([1, TestingMarker.Abort(), 2, 3, 4]);
        using (var partition = source.BuildPart("inp", "iterable", 0))
        {
            partition.NextBatch([]);
            partition.NextBatch([]);
            Assert.Throws<AbortExecutionException>(() => partition.NextBatch([]));
            Assert.Equal(1, partition.Snapshot());
        }

        var (afterAbort, snapshot) = Read(source, 1, batches: 1);
        var (rest, _) = Read(source, snapshot, batches: 10);

        Assert.Equal([2], afterAbort);
        Assert.Equal([3, 4], rest);
    }

    private static (List<int> Items, int Snapshot) Read(TestingSource<int> source, int resumeState, int batches)
    {
        using var partition = source.BuildPart("inp", "iterable", resumeState);
        var items = new List<int>();
        for (var i = 0; i < batches; i++)
        {
            var batch = new List<int>();
            var more = partition.NextBatch(batch);
            items.AddRange(batch);
            if (!more)
            {
                break;
            }
        }

        return (items, partition.Snapshot());
    }
}

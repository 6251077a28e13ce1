using Orleans.Dataflow.Connectors;

namespace Orleans.Dataflow.Abstractions.Tests.Connectors;

/// <summary>The partition of <see cref="EnumerableSource{T}"/>: batches by count and time, the end, resume by position.</summary>
public sealed class EnumerableSourceTests
{
    [Fact]
    public void NextBatch_TenItemsBatchesOfFour_BatchesInOrderThenEnds()
    {
        var source = new EnumerableSource<int>(Enumerable.Range(0, 10), batchSize: 4);
        using var partition = source.BuildPart("test.in", source.ListParts().Single(), 0);

        var batches = new List<(List<int> Items, bool More)>();
        bool more;
        do
        {
            var batch = new List<int>();
            more = partition.NextBatch(batch);
            batches.Add((batch, more));
        }
        while (more);

        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]], batches.Select(b => b.Items));
        Assert.Equal([true, true, false], batches.Select(b => b.More));
        Assert.Equal(10L, partition.Snapshot());
    }

    [Fact]
    public void BuildPart_ResumedAtSnapshot_ContinuesAfterTheItemsTaken()
    {
        var built = 0;
        var source = new EnumerableSource<int>(() => { built++; return Enumerable.Range(0, 10); }, batchSize: 3);
        long snapshot;
        using (var first = source.BuildPart("test.in", "enumerable", 0))
        {
            first.NextBatch([]);
            snapshot = first.Snapshot();
        }

        using var resumed = source.BuildPart("test.in", "enumerable", snapshot);
        var batch = new List<int>();
        resumed.NextBatch(batch);

        Assert.Equal(3L, snapshot);
        Assert.Equal([3, 4, 5], batch);
        Assert.Equal(2, built);
    }

    [Fact]
    public void NextBatch_SlowSequenceWithBatchTimeout_EndsTheBatchEarlyAndLosesNothing()
    {
        static IEnumerable<int> Slow()
        {
            for (var i = 0; i < 20; i++)
            {
                if (i == 3)
                {
                    Thread.Sleep(200);
                }

                yield return i;
            }
        }

        var source = new EnumerableSource<int>(Slow, batchSize: 100, batchTimeout: TimeSpan.FromMilliseconds(50));
        using var partition = source.BuildPart("test.in", "enumerable", 0);
        var first = new List<int>();
        var rest = new List<int>();

        var more = partition.NextBatch(first);
        while (more)
        {
            more = partition.NextBatch(rest);
        }

        Assert.InRange(first.Count, 1, 4);
        Assert.Equal(Enumerable.Range(0, 20), first.Concat(rest));
    }
}

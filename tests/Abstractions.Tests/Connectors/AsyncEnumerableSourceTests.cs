using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Orleans.Dataflow.Connectors;

namespace Orleans.Dataflow.Abstractions.Tests.Connectors;

/// <summary>The partition of <see cref="AsyncEnumerableSource{T}"/>: what is ready, the bounded wait, the end, errors, cancellation and resume.</summary>
public sealed class AsyncEnumerableSourceTests
{
    [Fact]
    public void NextBatch_FiveReadyItemsBatchesOfThree_TakesThemInOrderThenEndsWithTheSequence()
    {
        var channel = Channel.CreateUnbounded<string>();
        foreach (var item in new[] { "a", "b", "c", "d", "e" })
        {
            channel.Writer.TryWrite(item);
        }

        var source = new AsyncEnumerableSource<string>(token => channel.Reader.ReadAllAsync(token), timeout: TimeSpan.FromMilliseconds(50), batchSize: 3);
        using var partition = source.BuildPart("test.in", source.ListParts().Single(), 0);
        var first = new List<string>();
        var second = new List<string>();

        var firstMore = partition.NextBatch(first);
        var secondMore = partition.NextBatch(second);
        channel.Writer.Complete();
        var rest = new List<string>();
        var calls = 0;
        while (partition.NextBatch(rest) && ++calls < 1000)
        {
        }

        Assert.Equal(["a", "b", "c"], first);
        Assert.Equal(["d", "e"], second);
        Assert.Equal([true, true], [firstMore, secondMore]);
        Assert.Empty(rest);
        Assert.True(calls < 1000, "the partition did not end with its sequence");
        Assert.Equal(5L, partition.Snapshot());
    }

    [Fact]
    public void NextBatch_NothingReady_ReturnsAnEmptyBatchAndAsksToBePolledAgain()
    {
        var channel = Channel.CreateUnbounded<int>();
        var source = new AsyncEnumerableSource<int>(token => channel.Reader.ReadAllAsync(token), timeout: TimeSpan.FromMilliseconds(20));
        using var partition = source.BuildPart("test.in", "async-enumerable", 0);
        var batch = new List<int>();

        var more = partition.NextBatch(batch);

        Assert.True(more);
        Assert.Empty(batch);
        Assert.NotNull(partition.NextAwake());
    }

    [Fact]
    public async Task NextBatch_ItemArrivingWhileWaiting_IsTakenInThatBatch()
    {
        var channel = Channel.CreateUnbounded<int>();
        var source = new AsyncEnumerableSource<int>(token => channel.Reader.ReadAllAsync(token), timeout: TimeSpan.FromSeconds(30), batchSize: 1);
        using var partition = source.BuildPart("test.in", "async-enumerable", 0);
        var batch = new List<int>();
        var writer = Task.Run(async () =>
        {
            await Task.Delay(50);
            channel.Writer.TryWrite(42);
        });

        partition.NextBatch(batch);
        await writer;

        Assert.Equal([42], batch);
    }

    [Fact]
    public void BuildPart_ResumedAtSnapshot_PassesOverTheItemsTaken()
    {
        var source = new AsyncEnumerableSource<int>(token => Numbers(10, token), timeout: TimeSpan.FromSeconds(30), batchSize: 4);
        long snapshot;
        using (var first = source.BuildPart("test.in", "async-enumerable", 0))
        {
            first.NextBatch([]);
            snapshot = first.Snapshot();
        }

        using var resumed = source.BuildPart("test.in", "async-enumerable", snapshot);
        var batch = new List<int>();
        resumed.NextBatch(batch);

        Assert.Equal(4L, snapshot);
        Assert.Equal([4, 5, 6, 7], batch);
        Assert.Equal(8L, resumed.Snapshot());
    }

    [Fact]
    public void NextBatch_SequenceThrows_ThrowsItsException()
    {
        static async IAsyncEnumerable<int> Failing([EnumeratorCancellation] CancellationToken token = default)
        {
            yield return 1;
            await Task.Delay(10, token);
            throw new InvalidOperationException("the feed went away");
        }

        var source = new AsyncEnumerableSource<int>(token => Failing(token), timeout: TimeSpan.FromSeconds(30));
        using var partition = source.BuildPart("test.in", "async-enumerable", 0);

        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            while (partition.NextBatch([]))
            {
            }
        });

        Assert.Equal("the feed went away", error.Message);
    }

    [Fact]
    public void Dispose_WhileTheSequenceWaits_CancelsItsToken()
    {
        static async IAsyncEnumerable<int> Waiting([EnumeratorCancellation] CancellationToken token = default)
        {
            await Task.Delay(Timeout.Infinite, token);
            yield break;
        }

        var given = CancellationToken.None;
        var source = new AsyncEnumerableSource<int>(token => Waiting(given = token), timeout: TimeSpan.FromMilliseconds(10));
        var partition = source.BuildPart("test.in", "async-enumerable", 0);
        partition.NextBatch([]);

        partition.Dispose();

        Assert.True(given.IsCancellationRequested);
    }

    private static async IAsyncEnumerable<int> Numbers(int count, [EnumeratorCancellation] CancellationToken token = default)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            token.ThrowIfCancellationRequested();
            yield return i;
        }
    }
}

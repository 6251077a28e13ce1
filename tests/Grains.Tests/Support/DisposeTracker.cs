using System.Collections.Concurrent;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>Counts the source and sink partitions a run opens and closes, so a test can prove that every one was disposed exactly once.</summary>
/// <remarks>Thread-safe: worker threads open and close partitions concurrently.</remarks>
internal sealed class DisposeTracker
{
    private readonly ConcurrentDictionary<int, string> _open = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private int _next;
    private int _opened;

    /// <summary>How many partitions were opened so far.</summary>
    public int Opened => Volatile.Read(ref _opened);

    /// <summary>Records that <paramref name="what"/> was opened; returns the id to pass to <see cref="Closed"/>.</summary>
    public int Open(string what)
    {
        var id = Interlocked.Increment(ref _next);
        Interlocked.Increment(ref _opened);
        _open[id] = what;
        return id;
    }

    /// <summary>Records that the partition with <paramref name="id"/> was disposed.</summary>
    public void Closed(int id)
    {
        if (!_open.TryRemove(id, out _))
        {
            _problems.Enqueue($"partition #{id} was disposed twice");
        }
    }

    /// <summary>Fails when a partition is still open or was disposed twice.</summary>
    public void AssertAllClosed()
    {
        var problems = _problems.Concat(_open.Values.Order(StringComparer.Ordinal).Select(what => $"{what} was never disposed")).ToList();
        Assert.True(problems.Count == 0, "partitions not closed cleanly after the run: " + string.Join("; ", problems));
    }
}

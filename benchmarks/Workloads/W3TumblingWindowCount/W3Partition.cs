using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.W3TumblingWindowCount;

/// <summary>Worker <c>w</c> of <c>n</c>'s share of the W3 events: the events whose key number is <c>w</c> modulo <c>n</c>, in timestamp order, generated as they are read.</summary>
/// <remarks>
/// Split by key like a topic partitioned by key, so each key's events reach its window in timestamp order, as the
/// event clock without wait needs. Emits events directly, in batches; ends with the batch that holds its last
/// event. Called from one worker thread only.
/// </remarks>
public sealed class W3Partition : StatelessSourcePartition<WindowEvent>
{
    private readonly ulong _seed;
    private readonly long _count;
    private readonly string[] _keys;
    private readonly int[] _ownsKeyNumber;
    private readonly int _batchSize;
    private readonly long[] _indices;
    private readonly int[] _keyNumbers;
    private long _next;

    /// <summary>Creates the partition of worker <paramref name="workerIndex"/> of <paramref name="workerCount"/>.</summary>
    public W3Partition(ulong seed, long count, string[] keys, int workerIndex, int workerCount, int batchSize)
    {
        _seed = seed;
        _count = count;
        _keys = keys;
        _ownsKeyNumber = Enumerable.Range(0, keys.Length).Select(k => k % workerCount == workerIndex ? 1 : 0).ToArray();
        _batchSize = batchSize;
        _indices = new long[batchSize + 1];
        _keyNumbers = new int[batchSize + 1];
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Every partition scans every event for its keys. It picks its own without a branch (half the events are another
    /// partition's, at random: a branch per event mispredicted half the time) and without a division per event (the
    /// worker count is not a constant), which cost the engine more than its window step.
    /// </remarks>
    public override bool NextBatch(List<WindowEvent> batch)
    {
        var next = _next;
        var produced = 0;
        while (produced < _batchSize && next < _count)
        {
            var keyNumber = WindowEvents.KeyNumber(_seed, next);
            _indices[produced] = next;
            _keyNumbers[produced] = keyNumber;
            produced += _ownsKeyNumber[keyNumber];
            next++;
        }

        for (var i = 0; i < produced; i++)
        {
            batch.Add(WindowEvents.Event(_indices[i], _keyNumbers[i], _keys));
        }

        _next = next;
        return next < _count;
    }
}

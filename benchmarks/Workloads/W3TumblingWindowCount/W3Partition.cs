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
    private readonly int _workerIndex;
    private readonly int _workerCount;
    private readonly int _batchSize;
    private long _next;

    /// <summary>Creates the partition of worker <paramref name="workerIndex"/> of <paramref name="workerCount"/>.</summary>
    public W3Partition(ulong seed, long count, string[] keys, int workerIndex, int workerCount, int batchSize)
    {
        _seed = seed;
        _count = count;
        _keys = keys;
        _workerIndex = workerIndex;
        _workerCount = workerCount;
        _batchSize = batchSize;
    }

    /// <inheritdoc/>
    public override bool NextBatch(List<WindowEvent> batch)
    {
        var next = _next;
        for (var produced = 0; produced < _batchSize && next < _count; next++)
        {
            var keyNumber = WindowEvents.KeyNumber(_seed, next);
            if (keyNumber % _workerCount == _workerIndex)
            {
                batch.Add(WindowEvents.Event(next, keyNumber, _keys));
                produced++;
            }
        }

        _next = next;
        return next < _count;
    }
}

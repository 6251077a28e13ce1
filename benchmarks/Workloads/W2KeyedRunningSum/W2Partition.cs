using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.W2KeyedRunningSum;

/// <summary>Worker <c>w</c> of <c>n</c>'s share of the W2 events: events <c>w, w + n, …</c>, generated as they are read.</summary>
/// <remarks>Emits (key, value) pairs directly, in batches; ends with the batch that holds its last event. Called from one worker thread only.</remarks>
public sealed class W2Partition : StatelessSourcePartition<(string Key, long Value)>
{
    private readonly ulong _seed;
    private readonly long _count;
    private readonly string[] _keys;
    private readonly int _stride;
    private readonly int _batchSize;
    private long _next;

    /// <summary>Creates the partition of worker <paramref name="workerIndex"/> of <paramref name="workerCount"/>.</summary>
    public W2Partition(ulong seed, long count, string[] keys, int workerIndex, int workerCount, int batchSize)
    {
        _seed = seed;
        _count = count;
        _keys = keys;
        _stride = workerCount;
        _batchSize = batchSize;
        _next = workerIndex;
    }

    /// <inheritdoc/>
    public override bool NextBatch(List<(string Key, long Value)> batch)
    {
        var next = _next;
        for (var produced = 0; produced < _batchSize && next < _count; produced++, next += _stride)
        {
            batch.Add(KeyedEvents.At(_seed, next, _keys));
        }

        _next = next;
        return next < _count;
    }
}

using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.W0StatelessChain;

/// <summary>Worker <c>w</c> of <c>n</c>'s share of W0: the integers <c>i = w, w + n, …</c> below the count, in batches.</summary>
/// <remarks>Ends (returns false) with the batch that holds its last integer. Called from one worker thread only.</remarks>
public sealed class W0Partition : StatelessSourcePartition<long>
{
    private readonly long _count;
    private readonly int _stride;
    private readonly int _batchSize;
    private long _next;

    /// <summary>Creates the partition of worker <paramref name="workerIndex"/> of <paramref name="workerCount"/> over <c>[0, count)</c>.</summary>
    public W0Partition(long count, int workerIndex, int workerCount, int batchSize)
    {
        _count = count;
        _stride = workerCount;
        _batchSize = batchSize;
        _next = workerIndex;
    }

    /// <inheritdoc/>
    public override bool NextBatch(List<long> batch)
    {
        var next = _next;
        for (var produced = 0; produced < _batchSize && next < _count; produced++, next += _stride)
        {
            batch.Add(next);
        }

        _next = next;
        return next < _count;
    }
}

using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>Worker <c>w</c> of <c>n</c>'s share of the NEXMark events: events <c>w</c>, <c>w + n</c>, <c>w + 2n</c>, …, in event order.</summary>
/// <remarks>
/// Split by number, as Flink's NEXMark datagen splits its source: each partition makes only its own events, and
/// each partition's events are in time order, which is all a stream watermark needs. Ends with the batch that holds
/// its last event. Called from one worker thread only.
/// </remarks>
public sealed class NexmarkPartition : StatelessSourcePartition<NexmarkEvent>
{
    private readonly ulong _seed;
    private readonly long _count;
    private readonly long _workerCount;
    private readonly int _batchSize;
    private long _next;

    /// <summary>Creates the partition of worker <paramref name="workerIndex"/> of <paramref name="workerCount"/>.</summary>
    public NexmarkPartition(ulong seed, long count, int workerIndex, int workerCount, int batchSize)
    {
        _seed = seed;
        _count = count;
        _workerCount = workerCount;
        _batchSize = batchSize;
        _next = workerIndex;
    }

    /// <inheritdoc/>
    public override bool NextBatch(List<NexmarkEvent> batch)
    {
        var next = _next;
        for (var produced = 0; produced < _batchSize && next < _count; produced++, next += _workerCount)
        {
            batch.Add(NexmarkGenerator.At(_seed, next));
        }

        _next = next;
        return next < _count;
    }
}

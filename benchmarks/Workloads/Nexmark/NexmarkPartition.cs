using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>Worker <c>w</c> of <c>n</c>'s share of the NEXMark events: those whose partition key is <c>w</c> modulo <c>n</c>, in event order.</summary>
/// <remarks>
/// Split by number, a partition makes only its own events. Split by auction or person, every partition draws every
/// event's key (<see cref="NexmarkGenerator.PartitionKey"/>, a few draws) and makes only its own: a source
/// partitioned by key, like a topic, so each key's events reach their window in time order. Ends with the batch
/// that holds its last event. Called from one worker thread only.
/// </remarks>
public sealed class NexmarkPartition : StatelessSourcePartition<NexmarkEvent>
{
    private readonly ulong _seed;
    private readonly long _count;
    private readonly NexmarkSplit _split;
    private readonly long _workerIndex;
    private readonly long _workerCount;
    private readonly int _batchSize;
    private long _next;

    /// <summary>Creates the partition of worker <paramref name="workerIndex"/> of <paramref name="workerCount"/>.</summary>
    public NexmarkPartition(ulong seed, long count, NexmarkSplit split, int workerIndex, int workerCount, int batchSize)
    {
        _seed = seed;
        _count = count;
        _split = split;
        _workerIndex = workerIndex;
        _workerCount = workerCount;
        _batchSize = batchSize;
        _next = split == NexmarkSplit.ByNumber ? workerIndex : 0;
    }

    /// <inheritdoc/>
    public override bool NextBatch(List<NexmarkEvent> batch)
    {
        var next = _next;
        var produced = 0;
        if (_split == NexmarkSplit.ByNumber)
        {
            for (; produced < _batchSize && next < _count; produced++, next += _workerCount)
            {
                batch.Add(NexmarkGenerator.At(_seed, next));
            }
        }
        else
        {
            for (; produced < _batchSize && next < _count; next++)
            {
                if (_workerCount == 1 || NexmarkGenerator.PartitionKey(_seed, next, _split) % _workerCount == _workerIndex)
                {
                    batch.Add(NexmarkGenerator.At(_seed, next));
                    produced++;
                }
            }
        }

        _next = next;
        return next < _count;
    }
}

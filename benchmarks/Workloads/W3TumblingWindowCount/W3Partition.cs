using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.W3TumblingWindowCount;

/// <summary>The only source partition of the W3 events, at 1 worker: every event, in timestamp order, generated as it is read.</summary>
/// <remarks>
/// A class of its own, not a branch of <see cref="W3SplitPartition"/>: the JIT optimizes a method with the profile
/// of its first calls, so in a process that ran 1 worker first, a shared method compiled the split's loop as cold
/// code (its generator not inlined) and charged that to every later 2-worker run. Emits events directly, in batches;
/// ends with the batch that holds the last event. Called from one worker thread only.
/// </remarks>
public sealed class W3Partition : StatelessSourcePartition<WindowEvent>
{
    private readonly ulong _seed;
    private readonly long _count;
    private readonly string[] _keys;
    private readonly int _batchSize;
    private long _next;

    /// <summary>Creates the partition that reads all <paramref name="count"/> events seeded <paramref name="seed"/>, <paramref name="batchSize"/> at a time.</summary>
    public W3Partition(ulong seed, long count, string[] keys, int batchSize)
    {
        _seed = seed;
        _count = count;
        _keys = keys;
        _batchSize = batchSize;
    }

    /// <inheritdoc/>
    public override bool NextBatch(List<WindowEvent> batch)
    {
        var end = Math.Min(_count, _next + _batchSize);
        for (var i = _next; i < end; i++)
        {
            batch.Add(WindowEvents.At(_seed, i, _keys));
        }

        _next = end;
        return end < _count;
    }
}

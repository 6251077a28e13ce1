using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.W3TumblingWindowCount;

/// <summary>Worker <c>w</c> of <c>n</c>'s share of the W3 events: the events whose key number is <c>w</c> modulo <c>n</c>, in timestamp order, generated as they are read.</summary>
/// <remarks>
/// Split by key like a topic partitioned by key, so each key's events reach its window in timestamp order, as the
/// event clock without wait needs. Visits only its own events, found in the <see cref="W3Ownership"/> bitmap. Emits
/// events directly, in batches; ends with the batch that holds its last event. Called from one worker thread only.
/// </remarks>
public sealed class W3SplitPartition : StatelessSourcePartition<WindowEvent>
{
    private readonly ulong _seed;
    private readonly string[] _keys;
    private readonly W3Ownership _ownership;
    private readonly int _partition;
    private readonly int _batchSize;
    private long _next;

    /// <summary>Creates partition <paramref name="partition"/> of the events seeded <paramref name="seed"/>, reading the events <paramref name="ownership"/> gives it, <paramref name="batchSize"/> at a time.</summary>
    public W3SplitPartition(ulong seed, string[] keys, W3Ownership ownership, int partition, int batchSize)
    {
        _seed = seed;
        _keys = keys;
        _ownership = ownership;
        _partition = partition;
        _batchSize = batchSize;
        _next = ownership.NextOwned(partition, 0);
    }

    /// <inheritdoc/>
    public override bool NextBatch(List<WindowEvent> batch)
    {
        var next = _next;
        for (var produced = 0; produced < _batchSize && next >= 0; produced++)
        {
            batch.Add(WindowEvents.At(_seed, next, _keys));
            next = _ownership.NextOwned(_partition, next + 1);
        }

        _next = next;
        return next >= 0;
    }
}

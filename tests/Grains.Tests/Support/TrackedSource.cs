using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>Wraps a partitioned source so that a test sees every partition opened, and every partition disposed exactly once.</summary>
internal sealed class TrackedSource<T, TState>(FixedPartitionedSource<T, TState> inner, DisposeTracker tracker) : FixedPartitionedSource<T, TState>
{
    private int _listed;

    /// <summary>How often the engine asked for the partition names.</summary>
    public int Listed => Volatile.Read(ref _listed);

    public override IReadOnlyList<string> ListParts()
    {
        Interlocked.Increment(ref _listed);
        return inner.ListParts();
    }

    public override StatefulSourcePartition<T, TState> BuildPart(string stepId, string forPart, TState? resumeState)
    {
        var partition = inner.BuildPart(stepId, forPart, resumeState);
        return new Partition(partition, tracker, tracker.Open($"source partition '{forPart}' of step '{stepId}'"));
    }

    private sealed class Partition(StatefulSourcePartition<T, TState> inner, DisposeTracker tracker, int id) : StatefulSourcePartition<T, TState>
    {
        public override bool NextBatch(List<T> batch) => inner.NextBatch(batch);

        public override DateTimeOffset? NextAwake() => inner.NextAwake();

        public override TState Snapshot() => inner.Snapshot();

        protected override void Dispose(bool disposing)
        {
            inner.Dispose();
            tracker.Closed(id);
        }
    }
}

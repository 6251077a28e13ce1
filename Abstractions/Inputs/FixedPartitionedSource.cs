using Orleans.Dataflow.Plan;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Inputs;

/// <summary>A source made of named partitions (files, Kafka partitions) that each remember where they are, so a resumed run continues from there.</summary>
/// <remarks>
/// Each partition is read by exactly one worker; the engine spreads the partitions over all workers. The
/// snapshot of every partition is stored at each epoch close and handed back to <see cref="BuildPart"/> on resume.
/// </remarks>
public abstract class FixedPartitionedSource<T, TState> : Source<T>, IPartitionedSource<T>
{
    /// <summary>The names of all partitions; must be the same on every worker that can see them.</summary>
    public abstract IReadOnlyList<string> ListParts();

    /// <summary>Opens partition <paramref name="forPart"/>; <paramref name="resumeState"/> is its last snapshot, or default on a first run.</summary>
    public abstract StatefulSourcePartition<T, TState> BuildPart(string stepId, string forPart, TState? resumeState);

    /// <summary>How partition snapshots are stored; the default works for any type.</summary>
    protected virtual ISerde<TState> StateSerde => Serde.For<TState>();

    IPartitionReader<T> IPartitionedSource<T>.BuildPart(string stepId, string partition, byte[]? resumeState)
    {
        var serde = StateSerde;
        var state = resumeState is null ? default : serde.Deserialize(resumeState);
        return new Reader(BuildPart(stepId, partition, state), serde);
    }

    private sealed class Reader(StatefulSourcePartition<T, TState> partition, ISerde<TState> serde) : IPartitionReader<T>
    {
        public bool NextBatch(List<T> batch) => partition.NextBatch(batch);

        public DateTimeOffset? NextAwake() => partition.NextAwake();

        public byte[]? Snapshot() => serde.ToBytes(partition.Snapshot());

        public void Dispose() => partition.Dispose();
    }
}

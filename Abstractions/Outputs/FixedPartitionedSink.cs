using Orleans.Dataflow.Plan;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Outputs;

/// <summary>A sink made of named partitions that each remember their state, fed by a keyed stream: the key picks the partition.</summary>
/// <remarks>Each partition is written by exactly one worker; the key is dropped, only values reach the partition.</remarks>
public abstract class FixedPartitionedSink<TValue, TState> : Sink<(string Key, TValue Value)>, IPartitionedSink<TValue>, IPartitionedSinkVisitable
{
    /// <summary>The names of all partitions; must be the same on every worker that can see them.</summary>
    public abstract IReadOnlyList<string> ListParts();

    /// <summary>The index (into the sorted partition names, taken modulo their count) that <paramref name="key"/> is written to.</summary>
    /// <remarks>The default is a stable hash of the key, the same in every process and run.</remarks>
    public virtual int PartFor(string key) => (int)(StableHash.Of(key) & int.MaxValue);

    /// <summary>Opens partition <paramref name="forPart"/>; <paramref name="resumeState"/> is its last snapshot, or default on a first run.</summary>
    public abstract StatefulSinkPartition<TValue, TState> BuildPart(string stepId, string forPart, TState? resumeState);

    /// <summary>How partition snapshots are stored; the default works for any type.</summary>
    protected virtual ISerde<TState> StateSerde => Serde.For<TState>();

    void IPartitionedSinkVisitable.Accept(IPartitionedSinkVisitor visitor) => visitor.Visit(this);

    ISinkWriter<TValue> IPartitionedSink<TValue>.BuildPart(string stepId, string partition, byte[]? resumeState)
    {
        var serde = StateSerde;
        var state = resumeState is null ? default : serde.Deserialize(resumeState);
        var built = BuildPart(stepId, partition, state);
        return built is IEpochAwareSinkPartition aware ? new EpochAwareWriter(built, aware, serde) : new Writer(built, serde);
    }

    private sealed class Writer(StatefulSinkPartition<TValue, TState> partition, ISerde<TState> serde) : ISinkWriter<TValue>
    {
        public void WriteBatch(IReadOnlyList<TValue> items) => partition.WriteBatch(items);

        public byte[]? Snapshot() => serde.ToBytes(partition.Snapshot());

        public void Dispose() => partition.Dispose();
    }

    // Only partitions that ask for epoch notices are seen as epoch-aware, so the engine waits for commits on their behalf alone.
    private sealed class EpochAwareWriter(StatefulSinkPartition<TValue, TState> partition, IEpochAwareSinkPartition aware, ISerde<TState> serde)
        : ISinkWriter<TValue>, IEpochAwareSinkPartition
    {
        public void WriteBatch(IReadOnlyList<TValue> items) => partition.WriteBatch(items);

        public byte[]? Snapshot() => serde.ToBytes(partition.Snapshot());

        public void EpochClosed(long epoch) => aware.EpochClosed(epoch);

        public void EpochCommitted(long epoch) => aware.EpochCommitted(epoch);

        public void Dispose() => partition.Dispose();
    }
}

namespace Orleans.Dataflow.Plan;

/// <summary>The engine's view of a sink with named partitions; a keyed item goes to the partition its key picks.</summary>
public interface IPartitionedSink<TValue>
{
    /// <summary>The partition names this worker can see; the engine unions them over workers and assigns each to one worker.</summary>
    IReadOnlyList<string> ListParts();

    /// <summary>The index into the sorted partition list that the item with <paramref name="key"/> is written to (taken modulo the count).</summary>
    int PartFor(string key);

    /// <summary>Opens one partition, resuming from <paramref name="resumeState"/> when it is not null.</summary>
    /// <remarks>The writer also implements <see cref="Outputs.IEpochAwareSinkPartition"/> when the partition wants to hear of epoch closes and commits.</remarks>
    ISinkWriter<TValue> BuildPart(string stepId, string partition, byte[]? resumeState);
}

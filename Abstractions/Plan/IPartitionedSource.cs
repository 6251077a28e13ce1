namespace Orleans.Dataflow.Plan;

/// <summary>The engine's view of a source with named partitions, each read by one worker.</summary>
public interface IPartitionedSource<T>
{
    /// <summary>The partition names this worker can see; the engine unions them over workers and assigns each to one worker.</summary>
    IReadOnlyList<string> ListParts();

    /// <summary>Opens one partition, resuming from <paramref name="resumeState"/> when it is not null.</summary>
    IPartitionReader<T> BuildPart(string stepId, string partition, byte[]? resumeState);
}

using System.Globalization;

namespace Orleans.Dataflow.Grains.Hosting;

/// <summary>What every silo of a shared execution must agree on: the flow and its steps, the partition count, the epoch interval, the key partitions, recovery, and the partitions of every partitioned source and sink.</summary>
/// <remarks>Each process of a <c>run -i/-a</c> cluster loads the flow itself; a partition refuses to start where its silo loaded something else, naming the differences.</remarks>
/// <param name="FlowId">The flow's id.</param>
/// <param name="FlowShape">A stable hash of the flow's step ids and kinds.</param>
/// <param name="PartitionCount">The execution's partitions (processes × workers per process).</param>
/// <param name="EpochIntervalTicks">The epoch (snapshot) interval.</param>
/// <param name="KeyPartitionCount">The key partitions keys hash to.</param>
/// <param name="Recovery">Whether a recovery store is configured.</param>
/// <param name="Partitions">Per partitioned source or sink: its step, how many partitions it lists and a hash of their names.</param>
[GenerateSerializer]
public sealed record ExecutionIdentity(
    [property: Id(0)] string FlowId,
    [property: Id(1)] ulong FlowShape,
    [property: Id(2)] int PartitionCount,
    [property: Id(3)] long EpochIntervalTicks,
    [property: Id(4)] int KeyPartitionCount,
    [property: Id(5)] bool Recovery,
    [property: Id(6)] string[] Partitions)
{
    /// <summary>The identity of <paramref name="entry"/>'s execution as this silo loaded it.</summary>
    public static ExecutionIdentity Of(ExecutionEntry entry)
    {
        var flow = entry.Flow;
        var options = entry.Options;
        var shape = string.Join('\n', flow.Steps.Select(step => $"{step.Id}:{step.GetType().Name}"));
        return new ExecutionIdentity(flow.Id, Serialization.StableHash.Of(shape), options.WorkerCount, options.EpochInterval.Ticks,
            options.KeyPartitionCount, options.Recovery is not null, [.. FlowPartitions.Of(flow)]);
    }

    /// <summary>How <paramref name="there"/> (another silo's) differs from this one, in words; null when they agree.</summary>
    public string? DifferenceFrom(ExecutionIdentity there)
    {
        var differences = new List<string>();
        Compare(differences, "flow", there.FlowId, FlowId);
        if (FlowId == there.FlowId && FlowShape != there.FlowShape)
        {
            differences.Add("the flow's steps differ (a different version of the flow?)");
        }

        Compare(differences, "partitions (processes × workers per process, -w)", there.PartitionCount, PartitionCount);
        Compare(differences, "snapshot interval (-s, seconds)", TimeSpan.FromTicks(there.EpochIntervalTicks).TotalSeconds, TimeSpan.FromTicks(EpochIntervalTicks).TotalSeconds);
        Compare(differences, "key partitions", there.KeyPartitionCount, KeyPartitionCount);
        Compare(differences, "recovery (-r)", there.Recovery ? "on" : "off", Recovery ? "on" : "off");
        if (FlowShape == there.FlowShape)
        {
            foreach (var (theirs, mine) in there.Partitions.Zip(Partitions).Where(pair => pair.First != pair.Second))
            {
                differences.Add($"step '{mine[..mine.LastIndexOf('=')]}' lists other partitions there ({Count(theirs)} there, {Count(mine)} here; every process must see the same)");
            }
        }

        return differences.Count == 0 ? null : string.Join("; ", differences);
    }

    private static string Count(string partitions) => partitions[(partitions.LastIndexOf('=') + 1)..partitions.LastIndexOf('/')];

    private static void Compare<T>(List<string> differences, string what, T there, T here)
    {
        if (!EqualityComparer<T>.Default.Equals(there, here))
        {
            differences.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: {there} there, {here} here"));
        }
    }
}

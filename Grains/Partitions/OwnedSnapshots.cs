using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>The snapshots one partition restores: the keys of stateful steps that it owns, and every source and sink partition's (which the plan deals out itself).</summary>
internal static class OwnedSnapshots
{
    /// <summary>The filter for partition <paramref name="partition"/> of an execution of <paramref name="flow"/> with <paramref name="options"/>.</summary>
    public static SnapshotFilter Of(Dataflow flow, int partition, ExecutionOptions options)
    {
        var stateful = flow.Steps.Where(IsStateful).Select(step => step.Id).ToHashSet(StringComparer.Ordinal);
        var owners = new KeyOwners(options.KeyPartitionCount, options.WorkerCount);
        return SnapshotFilter.Where((stepId, key) => !stateful.Contains(stepId) || owners.OwnerOf(key) == partition);
    }

    private static bool IsStateful(Step step) => step.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(StatefulStep<,,,>);
}

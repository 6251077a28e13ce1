namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>Places partition <c>i</c> of an execution on the <c>i mod n</c>-th of the <c>n</c> compatible silos in address order, so partitions spread evenly over the cluster.</summary>
/// <remarks>Placement applies at activation only: a partition whose silo is gone is placed again among the silos that remain.</remarks>
[GenerateSerializer]
[Immutable]
[SuppressReferenceTracking]
public sealed class PartitionPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static PartitionPlacement Instance { get; } = new();
}

using Orleans.Placement;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>Marks a grain class as placed by <see cref="PartitionPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PartitionPlacementAttribute : PlacementAttribute
{
    /// <summary>Marks the grain class.</summary>
    public PartitionPlacementAttribute()
        : base(PartitionPlacement.Instance)
    {
    }
}

using System.Globalization;
using Orleans.Runtime.Placement;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>Puts partition <c>i</c> (the number after the last '/' of its key) on the <c>i mod n</c>-th compatible silo in address order.</summary>
internal sealed class PartitionPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target).Order().ToArray();
        var key = target.GrainIdentity.Key.ToString();
        var slash = key.LastIndexOf('/');
        var index = slash >= 0 && int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : (int)(target.GrainIdentity.GetUniformHashCode() & int.MaxValue);
        return Task.FromResult(silos[index % silos.Length]);
    }
}

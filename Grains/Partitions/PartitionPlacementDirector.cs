using System.Globalization;
using Orleans.Runtime.Placement;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>Puts partition <c>i</c> (the number after the last '/' of its key) on the <c>i mod n</c>-th compatible silo in address order.</summary>
/// <remarks>A silo the membership already knows to be stopping or dead is passed over, so a recovered attempt does not place partitions where they cannot start.</remarks>
internal sealed class PartitionPlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var snapshot = membership.CurrentSnapshot;
        var compatible = context.GetCompatibleSilos(target);
        var live = compatible.Where(s => snapshot.GetSiloStatus(s) == SiloStatus.Active).ToArray();
        var silos = (live.Length > 0 ? live : compatible).Order().ToArray();
        var key = target.GrainIdentity.Key.ToString();
        var slash = key.LastIndexOf('/');
        var index = slash >= 0 && int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : (int)(target.GrainIdentity.GetUniformHashCode() & int.MaxValue);
        return Task.FromResult(silos[index % silos.Length]);
    }
}

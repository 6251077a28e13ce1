using System.Globalization;
using Orleans.Runtime.Placement;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>Puts partition <c>i</c> (the number after the last '/' of its key) on the <c>i mod n</c>-th compatible silo in address order.</summary>
/// <remarks>A silo the membership already knows to be stopping or dead is passed over, so a recovered attempt does not place partitions where they cannot start, and so is one the frontier says is handing its partitions over.</remarks>
internal sealed class PartitionPlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    /// <summary>The request-context key under which the frontier lists, space-separated in parsable form, the silos that are handing their partitions over: placed on none of them.</summary>
    public const string ExcludedSilosKey = "dataflow.leaving-silos";

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var snapshot = membership.CurrentSnapshot;
        var compatible = context.GetCompatibleSilos(target);
        var leaving = target.RequestContextData is { } data && data.TryGetValue(ExcludedSilosKey, out var listed) && listed is string list
            ? list.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : [];
        var live = compatible.Where(s => snapshot.GetSiloStatus(s) == SiloStatus.Active && Array.IndexOf(leaving, s.ToParsableString()) < 0).ToArray();
        var silos = (live.Length > 0 ? live : compatible).Order().ToArray();
        var key = target.GrainIdentity.Key.ToString();
        var slash = key.LastIndexOf('/');
        var index = slash >= 0 && int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : (int)(target.GrainIdentity.GetUniformHashCode() & int.MaxValue);
        return Task.FromResult(silos[index % silos.Length]);
    }
}

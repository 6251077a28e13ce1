namespace Orleans.Dataflow.Grains.Flows;

/// <summary>The ids of the flows that clients submitted to the cluster, in grain storage: what <c>list</c> shows and what a restarted cluster resumes.</summary>
/// <remarks>One per cluster, keyed <see cref="Key"/>. Flows that a <c>run</c> deploys for itself are not in it.</remarks>
public interface IFlowRegistryGrain : IGrainWithStringKey
{
    /// <summary>The registry's key.</summary>
    const string Key = "flows";

    /// <summary>Adds flow <paramref name="deploymentId"/>; adding it again changes nothing.</summary>
    Task Add(string deploymentId);

    /// <summary>Removes flow <paramref name="deploymentId"/>, if present.</summary>
    Task Remove(string deploymentId);

    /// <summary>The ids of the submitted flows, in order.</summary>
    Task<IReadOnlyList<string>> List();
}

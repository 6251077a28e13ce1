namespace Orleans.Dataflow.Grains.Flows;

/// <summary>A flow grain was asked about a flow it has no record of: never deployed, forgotten, or lost with the silo of an in-memory grain storage.</summary>
[GenerateSerializer]
public sealed class FlowNotDeployedException : InvalidOperationException
{
    /// <summary>The error for flow <paramref name="deploymentId"/>.</summary>
    public FlowNotDeployedException(string deploymentId) : base($"flow '{deploymentId}' is not deployed (or its record was lost with its silo's in-memory grain storage)")
    {
    }
}

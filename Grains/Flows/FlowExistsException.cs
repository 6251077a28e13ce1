namespace Orleans.Dataflow.Grains.Flows;

/// <summary>A flow was submitted under an id that a deployed flow has already: ids are the flows' names, and a flow is replaced only by deleting it first.</summary>
[GenerateSerializer]
public sealed class FlowExistsException : InvalidOperationException
{
    /// <summary>The error for flow <paramref name="deploymentId"/>.</summary>
    public FlowExistsException(string deploymentId) : base($"a flow with id '{deploymentId}' exists already: delete it first, or submit under another id (--id)")
    {
    }
}

namespace Orleans.Dataflow.Grains.Flows;

/// <summary>A flow deployed into the cluster: what it runs, how, and the execution that runs it.</summary>
/// <param name="Definition">The flow's code and arguments.</param>
/// <param name="Settings">Partitions, epochs, recovery.</param>
/// <param name="ExecutionId">The execution that runs it: its frontier grain's key, under which every silo registered the flow.</param>
[GenerateSerializer, Immutable]
public sealed record FlowDeployment(
    [property: Id(0)] FlowDefinition Definition,
    [property: Id(1)] FlowSettings Settings,
    [property: Id(2)] string ExecutionId)
{
    /// <summary>A new execution id for flow <paramref name="deploymentId"/>: its id and the time, so that each submission or restart runs an execution of its own.</summary>
    public static string NewExecutionId(string deploymentId) => $"{deploymentId}@{DateTimeOffset.UtcNow:yyyyMMddTHHmmssfff}";
}

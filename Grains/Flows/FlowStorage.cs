namespace Orleans.Dataflow.Grains.Flows;

/// <summary>The grain storage that keeps flow grains' records.</summary>
public static class FlowStorage
{
    /// <summary>The storage provider's name: register a durable grain storage under it before <see cref="Hosting.DataflowSiloBuilderExtensions.AddDataflow"/> to keep flows through restarts of the whole cluster; otherwise they are kept in the memory of their flow grain's silo.</summary>
    public const string Name = "dataflow-flows";
}

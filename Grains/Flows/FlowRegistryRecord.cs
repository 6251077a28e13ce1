namespace Orleans.Dataflow.Grains.Flows;

/// <summary>The flow registry's state in grain storage.</summary>
[GenerateSerializer]
public sealed class FlowRegistryRecord
{
    /// <summary>The ids of the submitted flows.</summary>
    [Id(0)]
    public SortedSet<string> Ids { get; set; } = new(StringComparer.Ordinal);
}

namespace Orleans.Dataflow.Grains.Flows;

/// <summary>What the deployer wants of a flow; its flow grain works towards it.</summary>
[GenerateSerializer]
public enum FlowDesiredState
{
    /// <summary>Run until the inputs end, resuming after a lost silo when the flow has a recovery store.</summary>
    Running,

    /// <summary>Stop after the current epoch.</summary>
    Stopped,
}

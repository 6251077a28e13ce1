namespace Orleans.Dataflow.Plan;

/// <summary>What can be set on a stateful step whatever its types, after the operator that made it returned its stream.</summary>
internal interface IStatefulStep
{
    /// <summary>How long a key's state lives without an item before it is discarded; null keeps it for good.</summary>
    TimeSpan? StateTimeToLive { get; set; }

    /// <summary>Whether the step visits its keys in ordinal key order at end of input (the default), rather than in the order of its key table.</summary>
    bool SortsKeysAtEof { get; set; }
}

namespace Orleans.Dataflow.Grains.Flows;

/// <summary>Where a deployed flow is.</summary>
[GenerateSerializer]
public enum FlowStatus
{
    /// <summary>Its execution is running (or resuming after a lost silo).</summary>
    Running,

    /// <summary>Every input reached its end and every step drained it.</summary>
    Completed,

    /// <summary>It stopped after an epoch, as asked.</summary>
    Stopped,

    /// <summary>A source aborted it.</summary>
    Aborted,

    /// <summary>It failed: <see cref="FlowRecord.End"/> holds the first failure.</summary>
    Failed,
}

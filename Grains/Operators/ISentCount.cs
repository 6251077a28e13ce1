namespace Orleans.Dataflow.Grains.Operators;

/// <summary>An operator's output port as metrics see it, whatever its item type: the records sent through it.</summary>
internal interface ISentCount
{
    /// <summary>The records sent so far; written by the worker thread, read racily by others.</summary>
    long Sent { get; }
}

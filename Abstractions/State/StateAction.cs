namespace Orleans.Dataflow;

/// <summary>What a stateful logic asks the engine to do with its key's state after a call.</summary>
public enum StateAction
{
    /// <summary>Keep the logic and its state for the key.</summary>
    Retain,

    /// <summary>Drop the logic and its state; the next item for the key builds a new one.</summary>
    Discard,
}

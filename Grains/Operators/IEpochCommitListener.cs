namespace Orleans.Dataflow.Grains.Operators;

/// <summary>An operator that acts when the epochs it closed are committed: the worker tells it, on its own thread, after each commit.</summary>
internal interface IEpochCommitListener
{
    /// <summary>The last epoch this operator closed whose commit it has not heard of yet and must before it is closed; -1 when none.</summary>
    /// <remarks>When its input has ended, the worker waits until this epoch is committed before it closes the operator.</remarks>
    long AwaitingCommit { get; }

    /// <summary>Every epoch up to <paramref name="epoch"/> is committed; called with increasing epochs.</summary>
    void OnEpochCommitted(long epoch);
}

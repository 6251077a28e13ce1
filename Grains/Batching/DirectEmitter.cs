namespace Orleans.Dataflow.Grains.Batching;

/// <summary>A receiver that a step may emit into item by item, instead of batching its output first and handing the batch on.</summary>
/// <remarks>
/// Saves a copy of every record: the step's output goes straight where it is headed (an exchange's batch for its
/// worker). Between <see cref="BeginEmit"/> and <see cref="EndEmit"/> the receiver only takes records in; it hands
/// nothing downstream until <see cref="EndEmit"/>, so the step's user code never runs into what happens downstream.
/// </remarks>
internal abstract class DirectEmitter<T> : Emitter<T>, Operators.IBatchReceiver<T>
{
    /// <summary>Whether a step may emit into this receiver now; when not, it is sent batches like any other.</summary>
    public virtual bool TakesEmissions => true;

    /// <inheritdoc/>
    public abstract void OnBatch(long epoch, ArraySegment<T> items);

    /// <summary>Starts taking the output of a batch of <paramref name="epoch"/>.</summary>
    public abstract void BeginEmit(long epoch);

    /// <summary>Ends the batch begun by <see cref="BeginEmit"/>, handing on what is due; returns how many records were emitted into it.</summary>
    public abstract int EndEmit();
}

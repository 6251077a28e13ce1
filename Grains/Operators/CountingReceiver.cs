namespace Orleans.Dataflow.Grains.Operators;

/// <summary>Counts the records that reach an operator through an exchange, then hands the batch on: one addition per batch.</summary>
/// <remarks>Behind an exchange a step's records come from every worker, so its upstream ports on this worker do not tell what it received.</remarks>
internal sealed class CountingReceiver<T>(IBatchReceiver<T> inner) : IBatchReceiver<T>
{
    /// <summary>The records received so far; written by the worker thread, read racily by others.</summary>
    public long Received { get; private set; }

    public void OnBatch(long epoch, ArraySegment<T> items)
    {
        Received += items.Count;
        inner.OnBatch(epoch, items);
    }
}

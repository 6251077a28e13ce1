namespace Orleans.Dataflow.Grains.Operators;

/// <summary>Something that takes batches of items of one epoch: an operator input or an exchange.</summary>
internal interface IBatchReceiver<T>
{
    /// <summary>Handles <paramref name="items"/>, all of <paramref name="epoch"/>; the segment is only valid during the call.</summary>
    void OnBatch(long epoch, ArraySegment<T> items);
}

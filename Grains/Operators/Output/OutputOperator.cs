using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Operators.Output;

/// <summary>Writes every batch this worker holds to its partition of a dynamic sink; no exchange, no state.</summary>
internal sealed class OutputOperator<T>(OperatorContext context, Func<ISinkWriter<T>> open) : Operator(context, 1), IBatchReceiver<T>
{
    private ISinkWriter<T>? _writer;

    /// <summary>How many items this operator has written, counted per batch by its worker thread; others read it racily, for status.</summary>
    public long ItemsWritten { get; private set; }

    public void Open()
    {
        try
        {
            _writer = open();
        }
        catch (Exception e)
        {
            throw Failure(e);
        }
    }

    public void OnBatch(long epoch, ArraySegment<T> items)
    {
        try
        {
            _writer!.WriteBatch(items);
            ItemsWritten += items.Count;
        }
        catch (Exception e)
        {
            throw items.Count == 1 ? FailureOnItem(e, items[0]) : FailureWhile(e, $"writing a batch of {items.Count} items");
        }
    }

    public override void Close()
    {
        _writer?.Dispose();
        _writer = null;
    }

    protected override void SendProgress(long frontier)
    {
    }
}

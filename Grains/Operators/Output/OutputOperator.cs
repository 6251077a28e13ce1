using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Grains.Operators.Output;

/// <summary>Writes every batch this worker holds to its partition of a dynamic sink; no exchange, no state.</summary>
internal sealed class OutputOperator<T>(OperatorContext context, Func<ISinkWriter<T>> open) : Operator(context, 1), IBatchReceiver<T>
{
    private ISinkWriter<T>? _writer;

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

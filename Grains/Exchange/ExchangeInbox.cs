using Orleans.Dataflow.Grains.Operators;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>The receiving end of one exchange on one worker: hands messages to the operator behind it, one channel per sending worker.</summary>
/// <remarks>Progress goes on with its sender's watermark when the operator runs under a stream watermark.</remarks>
internal sealed class ExchangeInbox<T>(IBatchReceiver<T> target, IProgressReceiver progress) : IExchangeInbox
{
    private readonly IWatermarkReceiver? _watermarks = progress as IWatermarkReceiver;

    public void Deliver(ExchangeMessage message)
    {
        if (message.IsProgress)
        {
            if (_watermarks is not null)
            {
                _watermarks.OnProgress(message.Sender, message.Frontier, message.Watermark);
            }
            else
            {
                progress.OnProgress(message.Sender, message.Frontier);
            }

            return;
        }

        var items = (T[])message.Items!;
        target.OnBatch(message.Epoch, new ArraySegment<T>(items, 0, message.Count));
        PooledBatch.Return(items, message.Count);
    }
}

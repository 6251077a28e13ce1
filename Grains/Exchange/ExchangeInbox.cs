using System.Buffers;
using System.Runtime.CompilerServices;
using Orleans.Dataflow.Grains.Operators;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>The receiving end of one exchange on one worker: hands messages to the operator behind it, one channel per sending worker.</summary>
internal sealed class ExchangeInbox<T>(IBatchReceiver<T> target, IProgressReceiver progress) : IExchangeInbox
{
    public void Deliver(ExchangeMessage message)
    {
        if (message.IsProgress)
        {
            progress.OnProgress(message.Sender, message.Frontier);
            return;
        }

        var items = (T[])message.Items!;
        target.OnBatch(message.Epoch, new ArraySegment<T>(items, 0, message.Count));
        ArrayPool<T>.Shared.Return(items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
    }
}

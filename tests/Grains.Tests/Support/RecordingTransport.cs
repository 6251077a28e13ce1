using Orleans.Dataflow.Grains.Exchange;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>Wraps a transport to observe backpressure: the most data batches a sender ever had unread, and whether a worker was told to stop reading.</summary>
internal sealed class RecordingTransport(IWorkerTransport inner) : IWorkerTransport
{
    private readonly int[] _unread = new int[inner.WorkerCount];
    private readonly int[] _maxUnread = new int[inner.WorkerCount];
    private int _backedUpAnswers;

    public int WorkerCount => inner.WorkerCount;

    public IReadOnlyDictionary<int, IExchangeCodec> Codecs
    {
        get => inner.Codecs;
        set => inner.Codecs = value;
    }

    /// <summary>How often <see cref="IsBackedUp"/> answered true.</summary>
    public int BackedUpAnswers => Volatile.Read(ref _backedUpAnswers);

    /// <summary>The most data batches <paramref name="sender"/> ever had unread at once.</summary>
    public int MaxUnread(int sender) => Volatile.Read(ref _maxUnread[sender]);

    public void Send(int toWorker, ExchangeMessage message)
    {
        if (!message.IsProgress)
        {
            var unread = Interlocked.Increment(ref _unread[message.Sender]);
            int max;
            while (unread > (max = Volatile.Read(ref _maxUnread[message.Sender])) && Interlocked.CompareExchange(ref _maxUnread[message.Sender], unread, max) != max)
            {
            }
        }

        inner.Send(toWorker, message);
    }

    public bool TryReceive(int worker, out ExchangeMessage message)
    {
        if (!inner.TryReceive(worker, out message))
        {
            return false;
        }

        if (!message.IsProgress)
        {
            Interlocked.Decrement(ref _unread[message.Sender]);
        }

        return true;
    }

    public bool IsBackedUp(int fromWorker)
    {
        var backedUp = inner.IsBackedUp(fromWorker);
        if (backedUp)
        {
            Interlocked.Increment(ref _backedUpAnswers);
        }

        return backedUp;
    }

    public void OnMessage(int worker, Action wake) => inner.OnMessage(worker, wake);

    public void Dispose() => inner.Dispose();
}

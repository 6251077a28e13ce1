using System.Collections.Concurrent;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>The worker-to-worker channel between threads of one process: a queue per receiving worker, records passed by reference.</summary>
/// <remarks>Backpressure counts unread batches per sender: a sender is backed up while more than the limit of its batches sit unread.</remarks>
public sealed class InProcessTransport : IWorkerTransport
{
    private readonly ConcurrentQueue<ExchangeMessage>[] _queues;
    private readonly int[] _unreadFrom;
    private readonly Action?[] _wake;
    private readonly int _maxUnread;

    /// <summary>Creates the channel for <paramref name="workerCount"/> workers, each allowed <paramref name="maxUnreadPerSender"/> unread batches.</summary>
    public InProcessTransport(int workerCount, int maxUnreadPerSender)
    {
        WorkerCount = workerCount;
        _maxUnread = maxUnreadPerSender * Math.Max(1, workerCount - 1);
        _queues = new ConcurrentQueue<ExchangeMessage>[workerCount];
        _unreadFrom = new int[workerCount];
        _wake = new Action?[workerCount];
        for (var i = 0; i < workerCount; i++)
        {
            _queues[i] = new ConcurrentQueue<ExchangeMessage>();
        }
    }

    /// <inheritdoc/>
    public int WorkerCount { get; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<int, IExchangeCodec> Codecs { get; set; } = new Dictionary<int, IExchangeCodec>();

    /// <inheritdoc/>
    public void Send(int toWorker, ExchangeMessage message)
    {
        if (!message.IsProgress)
        {
            Interlocked.Increment(ref _unreadFrom[message.Sender]);
        }

        _queues[toWorker].Enqueue(message);
        _wake[toWorker]?.Invoke();
    }

    /// <inheritdoc/>
    public bool TryReceive(int worker, out ExchangeMessage message)
    {
        if (!_queues[worker].TryDequeue(out message!))
        {
            return false;
        }

        if (!message.IsProgress)
        {
            Interlocked.Decrement(ref _unreadFrom[message.Sender]);
        }

        return true;
    }

    /// <inheritdoc/>
    public bool IsBackedUp(int fromWorker) => Volatile.Read(ref _unreadFrom[fromWorker]) > _maxUnread;

    /// <inheritdoc/>
    public void OnMessage(int worker, Action wake) => _wake[worker] = wake;

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}

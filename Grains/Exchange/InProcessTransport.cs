using System.Buffers;
using System.Collections.Concurrent;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>The worker-to-worker channel between threads of one process: a queue per receiving worker, records passed by reference.</summary>
/// <remarks>
/// Backpressure counts unread batches per sender: a sender is backed up while more than the limit of its batches
/// sit unread. With <c>serializeRecords</c> every batch goes through its exchange's serde, as it would between
/// processes; tests use this to prove that every record that may leave the process can.
/// </remarks>
public sealed class InProcessTransport : IWorkerTransport
{
    private readonly ConcurrentQueue<ExchangeMessage>[] _queues;
    private readonly int[] _unreadFrom;
    private readonly Action?[] _wake;
    private readonly int _maxUnread;
    private readonly bool _serializeRecords;

    /// <summary>Creates the channel for <paramref name="workerCount"/> workers, each allowed <paramref name="maxUnreadPerSender"/> unread batches.</summary>
    public InProcessTransport(int workerCount, int maxUnreadPerSender, bool serializeRecords = false)
    {
        _serializeRecords = serializeRecords;
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
            if (_serializeRecords)
            {
                message = RoundTrip(message);
            }
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

        if (!message.IsProgress && Interlocked.Decrement(ref _unreadFrom[message.Sender]) == _maxUnread)
        {
            // The sender may be parked because it was backed up; it can read its sources again.
            _wake[message.Sender]?.Invoke();
        }

        return true;
    }

    /// <inheritdoc/>
    public bool IsBackedUp(int fromWorker) => Volatile.Read(ref _unreadFrom[fromWorker]) > _maxUnread;

    /// <inheritdoc/>
    public void OnMessage(int worker, Action wake) => _wake[worker] = wake;

    private ExchangeMessage RoundTrip(ExchangeMessage message)
    {
        var codec = Codecs[message.ExchangeId];
        var bytes = new ArrayBufferWriter<byte>();
        codec.Encode(message.Items!, message.Count, bytes);
        var items = codec.Decode(new ReadOnlySequence<byte>(bytes.WrittenMemory), message.Count);
        return ExchangeMessage.Data(message.ExchangeId, message.Sender, message.Epoch, items, message.Count);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}

using System.Buffers;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>The worker-to-worker channel between threads of one process: a queue per receiving worker, records passed by reference.</summary>
/// <remarks>
/// Backpressure counts unread batches per sender (<see cref="WorkerQueues"/>). With <c>serializeRecords</c> every batch goes through its exchange's serde, as it would between
/// processes; tests use this to prove that every record that may leave the process can.
/// </remarks>
public sealed class InProcessTransport : IWorkerTransport
{
    private readonly WorkerQueues _queues;
    private readonly bool _serializeRecords;

    /// <summary>Creates the channel for <paramref name="workerCount"/> workers, each allowed <paramref name="maxUnreadPerSender"/> unread batches.</summary>
    public InProcessTransport(int workerCount, int maxUnreadPerSender, bool serializeRecords = false)
    {
        _serializeRecords = serializeRecords;
        WorkerCount = workerCount;
        _queues = new WorkerQueues(0, workerCount, workerCount, maxUnreadPerSender);
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
            _queues.Sent(message.Sender);
            if (_serializeRecords)
            {
                message = RoundTrip(message);
            }
        }

        _queues.Enqueue(toWorker, message);
    }

    /// <inheritdoc/>
    public bool TryReceive(int worker, out ExchangeMessage message)
    {
        if (!_queues.TryDequeue(worker, out message))
        {
            return false;
        }

        if (!message.IsProgress)
        {
            _queues.Read(message.Sender, 1);
        }

        return true;
    }

    /// <inheritdoc/>
    public bool IsBackedUp(int fromWorker) => _queues.IsBackedUp(fromWorker);

    /// <inheritdoc/>
    public void OnMessage(int worker, Action wake) => _queues.OnMessage(worker, wake);

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

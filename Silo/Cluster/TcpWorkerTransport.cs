using System.Buffers;
using Orleans.Dataflow.Grains.Exchange;

namespace Orleans.Dataflow.Silo.Cluster;

/// <summary>The worker-to-worker channel of a cluster: queues for this process's workers, and for other processes' workers the connection to their process.</summary>
/// <remarks>
/// <para>
/// A batch for a worker of this process is passed by reference, as in <see cref="InProcessTransport"/>. A batch for
/// another process is encoded with its exchange's serde on the sending worker's thread and leaves on the one
/// connection to that process, which multiplexes every pair of workers; progress travels the same way, in order with
/// the data.
/// </para>
/// <para>
/// Backpressure is end to end, by credit: a sending worker counts its batches that no receiving worker has taken off
/// its queue yet, wherever the receiver is. A receiving process acknowledges each batch from another process when its
/// worker takes it, so a slow worker anywhere stops the sources of the workers that feed it, and the bytes in
/// flight on a connection stay bounded.
/// </para>
/// </remarks>
internal sealed class TcpWorkerTransport : IWorkerTransport
{
    private readonly int _workersPerProcess;
    private readonly WorkerQueues _queues;
    private readonly Func<int, PeerConnection> _connectionTo;

    /// <summary>Creates the channel of process <paramref name="processId"/> in a cluster of <paramref name="processCount"/> processes of <paramref name="workersPerProcess"/> workers.</summary>
    /// <param name="processId">This process.</param>
    /// <param name="processCount">Processes in the cluster.</param>
    /// <param name="workersPerProcess">Workers in each process.</param>
    /// <param name="maxBatchesInFlight">Unacknowledged batches a worker may have per other worker before it counts as backed up.</param>
    /// <param name="connectionTo">The connection to a process, by process id.</param>
    public TcpWorkerTransport(int processId, int processCount, int workersPerProcess, int maxBatchesInFlight, Func<int, PeerConnection> connectionTo)
    {
        _workersPerProcess = workersPerProcess;
        _connectionTo = connectionTo;
        WorkerCount = processCount * workersPerProcess;
        _queues = new WorkerQueues(processId * workersPerProcess, workersPerProcess, WorkerCount, maxBatchesInFlight);
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
        }

        if (_queues.IsLocal(toWorker))
        {
            _queues.Enqueue(toWorker, message);
            return;
        }

        var connection = _connectionTo(toWorker / _workersPerProcess);
        if (message.IsProgress)
        {
            connection.Send(FrameType.Progress, (message, toWorker), static (writer, state) =>
            {
                writer.Int32(state.message.ExchangeId);
                writer.Int32(state.message.Sender);
                writer.Int32(state.toWorker);
                writer.Int64(state.message.Frontier);
            });
            return;
        }

        var codec = Codecs[message.ExchangeId];
        connection.Send(FrameType.Data, (message, toWorker, codec), static (writer, state) =>
        {
            writer.Int32(state.message.ExchangeId);
            writer.Int32(state.message.Sender);
            writer.Int32(state.toWorker);
            writer.Int64(state.message.Epoch);
            writer.Int32(state.message.Count);
            state.codec.Encode(state.message.Items!, state.message.Count, writer.Output);
        });
        codec.Return(message.Items!);
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
            if (_queues.IsLocal(message.Sender))
            {
                _queues.Read(message.Sender, 1);
            }
            else
            {
                _connectionTo(message.Sender / _workersPerProcess).Send(FrameType.Ack, message.Sender, static (writer, sender) =>
                {
                    writer.Int32(sender);
                    writer.Int32(1);
                });
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public bool IsBackedUp(int fromWorker) => _queues.IsBackedUp(fromWorker);

    /// <inheritdoc/>
    public void OnMessage(int worker, Action wake) => _queues.OnMessage(worker, wake);

    /// <summary>Takes a data or progress frame from another process onto its receiving worker's queue.</summary>
    public void Receive(FrameType type, ReadOnlySequence<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var exchangeId = reader.Int32();
        var sender = reader.Int32();
        var receiver = reader.Int32();
        if (!_queues.IsLocal(receiver) || sender < 0 || sender >= WorkerCount)
        {
            throw new InvalidDataException($"a frame from worker {sender} to worker {receiver} reached a process that does not host worker {receiver}");
        }

        if (type == FrameType.Progress)
        {
            _queues.Enqueue(receiver, ExchangeMessage.Progress(exchangeId, sender, reader.Int64()));
            return;
        }

        var epoch = reader.Int64();
        var count = reader.Int32();
        if (!Codecs.TryGetValue(exchangeId, out var codec))
        {
            throw new InvalidDataException($"a batch for exchange {exchangeId}, which this process's plan does not have");
        }

        _queues.Enqueue(receiver, ExchangeMessage.Data(exchangeId, sender, epoch, codec.Decode(reader.Rest, count), count));
    }

    /// <summary>Takes an acknowledgement from another process: its workers have taken batches of one of this process's workers.</summary>
    public void ReceiveAck(ReadOnlySequence<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var sender = reader.Int32();
        var count = reader.Int32();
        if (!_queues.IsLocal(sender))
        {
            throw new InvalidDataException($"an acknowledgement for worker {sender}, which this process does not host");
        }

        _queues.Read(sender, count);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>The worker-to-worker channel: carries exchange messages between all workers of an execution, in or across processes.</summary>
/// <remarks>
/// Messages from one worker to another arrive in order. <see cref="Send"/> never blocks: a worker checks
/// <see cref="IsBackedUp"/> before reading more input, which bounds what is in flight. A transport that leaves
/// the process must encode records with <see cref="Codecs"/>. Thread-safe: every worker thread calls it.
/// </remarks>
public interface IWorkerTransport : IDisposable
{
    /// <summary>The number of workers in the whole execution.</summary>
    int WorkerCount { get; }

    /// <summary>The codecs of the plan's exchanges by exchange id, set before the first message; in-process transports ignore them.</summary>
    IReadOnlyDictionary<int, IExchangeCodec> Codecs { get; set; }

    /// <summary>Queues <paramref name="message"/> for worker <paramref name="toWorker"/> and wakes it.</summary>
    void Send(int toWorker, ExchangeMessage message);

    /// <summary>Takes the next message for <paramref name="worker"/>, if there is one.</summary>
    bool TryReceive(int worker, out ExchangeMessage message);

    /// <summary>Whether <paramref name="fromWorker"/> has so much unread in flight that it should stop reading its sources.</summary>
    /// <remarks>When a backed-up worker's receivers catch up, the transport calls its <see cref="OnMessage"/> wake-up.</remarks>
    bool IsBackedUp(int fromWorker);

    /// <summary>Registers what to call when a message for <paramref name="worker"/> arrives (to wake a parked worker).</summary>
    void OnMessage(int worker, Action wake);
}

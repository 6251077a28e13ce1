using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>The message queues of the workers of this process, and the count of each sending worker's unread batches: the part every transport shares.</summary>
/// <remarks>
/// Backpressure counts unread batches per sender: a sender is backed up while more than its limit of batches sit
/// unread, wherever their receivers are; when it drops back under the limit, its wake-up is called so a parked
/// sender reads its sources again. Thread-safe.
/// </remarks>
public sealed class WorkerQueues
{
    private readonly int _firstWorker;
    private readonly ConcurrentQueue<ExchangeMessage>[] _queues;
    private readonly Action?[] _wake;
    private readonly int[] _unreadFrom;
    private readonly int _maxUnread;

    /// <summary>Creates the queues of workers <paramref name="firstWorker"/> to <c>firstWorker + localCount - 1</c> of an execution of <paramref name="workerCount"/> workers.</summary>
    /// <param name="firstWorker">The global index of this process's first worker.</param>
    /// <param name="localCount">How many workers this process hosts.</param>
    /// <param name="workerCount">The workers of the whole execution.</param>
    /// <param name="maxBatchesInFlight">Unread batches a worker may have per other worker before it is backed up.</param>
    public WorkerQueues(int firstWorker, int localCount, int workerCount, int maxBatchesInFlight)
    {
        _firstWorker = firstWorker;
        _maxUnread = maxBatchesInFlight * Math.Max(1, workerCount - 1);
        _queues = new ConcurrentQueue<ExchangeMessage>[localCount];
        _wake = new Action?[localCount];
        _unreadFrom = new int[localCount];
        for (var i = 0; i < localCount; i++)
        {
            _queues[i] = new ConcurrentQueue<ExchangeMessage>();
        }
    }

    /// <summary>Whether worker <paramref name="worker"/> (a global index) is one of this process's.</summary>
    public bool IsLocal(int worker) => worker >= _firstWorker && worker < _firstWorker + _queues.Length;

    /// <summary>Queues <paramref name="message"/> for local worker <paramref name="worker"/> and wakes it.</summary>
    public void Enqueue(int worker, ExchangeMessage message)
    {
        _queues[worker - _firstWorker].Enqueue(message);
        _wake[worker - _firstWorker]?.Invoke();
    }

    /// <summary>Takes the next message for local worker <paramref name="worker"/>, if there is one.</summary>
    public bool TryDequeue(int worker, out ExchangeMessage message) => _queues[worker - _firstWorker].TryDequeue(out message!);

    /// <summary>Counts a batch local worker <paramref name="sender"/> has sent as unread.</summary>
    public void Sent(int sender) => Interlocked.Increment(ref _unreadFrom[sender - _firstWorker]);

    /// <summary>Counts <paramref name="count"/> batches of local worker <paramref name="sender"/> as read, and wakes it if that ends its backpressure.</summary>
    public void Read(int sender, int count)
    {
        var unread = Interlocked.Add(ref _unreadFrom[sender - _firstWorker], -count);
        Debug.Assert(unread >= 0, $"worker {sender} had {unread + count} batches unread, and {count} were read");
        if (unread <= _maxUnread && unread + count > _maxUnread)
        {
            // The sender may be parked because it was backed up; it can read its sources again.
            _wake[sender - _firstWorker]?.Invoke();
        }
    }

    /// <summary>Whether local worker <paramref name="sender"/> has so many unread batches that it should stop reading its sources.</summary>
    public bool IsBackedUp(int sender) => Volatile.Read(ref _unreadFrom[sender - _firstWorker]) > _maxUnread;

    /// <summary>Registers what wakes local worker <paramref name="worker"/> when a message arrives or its backpressure ends.</summary>
    public void OnMessage(int worker, Action wake) => _wake[worker - _firstWorker] = wake;
}

using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Orleans.Dataflow.Grains.Recovery;

/// <summary>Takes one worker's snapshot writes off its thread: operators hand them over at epoch close and a thread of the handoff serializes what came unserialized and writes them to the store, in order.</summary>
/// <remarks>
/// A store write took 0.4–1.6 ms at p50 per epoch with SQLite (up to 0.8 s), all of it on the worker's thread, so
/// every record behind an epoch close waited for the disk. Now the worker only copies the list it is given, or, for
/// state whose snapshot is a copy, hands over the captured values and lets this thread serialize them. Each write
/// handed over gets a ticket (<see cref="HandedOver"/>); the worker reports an epoch closed to the frontier only once
/// <see cref="Written"/> has reached the ticket of the last write of that epoch, so an epoch is still committed only
/// after all its snapshots are durable. The queue holds at most <see cref="Capacity"/> epochs: a worker that would
/// hand over writes of one more blocks until the oldest is written, so a disk slower than the epochs delays records
/// only once it is that far behind, and memory stays bounded. A store failure is thrown on the worker's thread by the
/// next <see cref="Write"/>, <see cref="ThrowIfFailed"/> or <see cref="Drain"/>, and nothing more is written. Write,
/// ThrowIfFailed, Drain and Stop are called by the worker's thread only; the counters may be read from any thread.
/// </remarks>
[DebuggerDisplay("handed over {HandedOver}, written {Written}, epochs queued {_epochsQueued}")]
internal sealed class SnapshotHandoff : IDeferredSnapshotSink
{
    /// <summary>The epochs of writes a worker may have queued before it waits for the store, by default.</summary>
    public const int DefaultCapacity = 4;

    private readonly object _gate = new();
    private readonly ISnapshotSink _store;
    private readonly Queue<Pending> _queue = new();
    private Action _onWritten = static () => { };
    private Thread? _thread;
    private long _handedOver;
    private long _written;
    private long _lastEpoch = long.MinValue;
    private int _epochsQueued;
    private bool _stopping;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Creates a handoff to <paramref name="store"/> that queues writes of at most <paramref name="capacity"/> epochs.</summary>
    public SnapshotHandoff(ISnapshotSink store, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _store = store;
        Capacity = capacity;
    }

    /// <summary>The most epochs whose writes wait in the queue at once.</summary>
    public int Capacity { get; }

    /// <summary>How many writes have been handed over: the ticket of the last one.</summary>
    public long HandedOver => Volatile.Read(ref _handedOver);

    /// <summary>How many writes the store has completed, in the order they were handed over.</summary>
    public long Written => Volatile.Read(ref _written);

    /// <summary>Whether a write failed: the worker must throw (<see cref="ThrowIfFailed"/>).</summary>
    public bool Failed => Volatile.Read(ref _failure) is not null;

    /// <summary>How many epochs have writes waiting or being written now.</summary>
    public int EpochsQueued
    {
        get
        {
            lock (_gate)
            {
                return _epochsQueued;
            }
        }
    }

    /// <summary>Starts the writing thread, named after <paramref name="name"/>; <paramref name="onWritten"/> runs on it after each write (to wake the worker).</summary>
    public void Start(string name, Action onWritten)
    {
        _onWritten = onWritten;
        _thread = new Thread(Run) { Name = name, IsBackground = true };
        _thread.Start();
    }

    /// <summary>Hands over a copy of <paramref name="snapshots"/>, waiting first while <see cref="Capacity"/> other epochs are queued.</summary>
    /// <exception cref="Exception">The store failed an earlier write: its exception.</exception>
    public void Write(string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
    {
        var copy = snapshots.ToArray();
        Enqueue(stepId, workerIndex, epoch, copy, null);
    }

    /// <summary>Hands over snapshots that this handoff's thread serializes with <paramref name="serialize"/> just before writing them, waiting first as <see cref="Write"/> does.</summary>
    /// <exception cref="Exception">The store failed an earlier write, or an earlier serialization threw: its exception.</exception>
    public void WriteDeferred(string stepId, int workerIndex, long epoch, Func<IReadOnlyList<StateSnapshot>> serialize)
        => Enqueue(stepId, workerIndex, epoch, null, serialize);

    private void Enqueue(string stepId, int workerIndex, long epoch, StateSnapshot[]? snapshots, Func<IReadOnlyList<StateSnapshot>>? serialize)
    {
        lock (_gate)
        {
            var newEpoch = epoch != _lastEpoch || _epochsQueued == 0;
            while (newEpoch && _epochsQueued >= Capacity && _failure is null)
            {
                Monitor.Wait(_gate);
            }

            _failure?.Throw();
            if (newEpoch)
            {
                _epochsQueued++;
                _lastEpoch = epoch;
            }

            _queue.Enqueue(new Pending(stepId, workerIndex, epoch, snapshots, serialize, newEpoch));
            _handedOver++;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Tries to hand over as <see cref="Write"/> does, without waiting; false when the queue is full with other epochs.</summary>
    public bool TryWrite(string stepId, int workerIndex, long epoch, IReadOnlyList<StateSnapshot> snapshots)
    {
        lock (_gate)
        {
            if ((epoch != _lastEpoch || _epochsQueued == 0) && _epochsQueued >= Capacity)
            {
                _failure?.Throw();
                return false;
            }
        }

        Write(stepId, workerIndex, epoch, snapshots);
        return true;
    }

    /// <summary>Throws the store's failure, if a write failed.</summary>
    public void ThrowIfFailed()
    {
        lock (_gate)
        {
            _failure?.Throw();
        }
    }

    /// <summary>Waits until every write handed over is written; throws the store's failure, if a write failed.</summary>
    public void Drain()
    {
        lock (_gate)
        {
            while (_written < _handedOver && _failure is null)
            {
                Monitor.Wait(_gate);
            }

            _failure?.Throw();
        }
    }

    /// <summary>Drops the writes not yet begun and ends the thread once the one being written, if any, is done: for a run that ends without committing them.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopping = true;
            _queue.Clear();
            Monitor.PulseAll(_gate);
        }

        _thread?.Join();
    }

    private void Run()
    {
        while (true)
        {
            Pending next;
            lock (_gate)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_stopping)
                {
                    return;
                }

                next = _queue.Dequeue();
            }

            try
            {
                _store.Write(next.StepId, next.WorkerIndex, next.Epoch, next.Serialize?.Invoke() ?? next.Snapshots!);
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _failure = ExceptionDispatchInfo.Capture(e);
                    _queue.Clear();
                    Monitor.PulseAll(_gate);
                }

                _onWritten();
                return;
            }

            lock (_gate)
            {
                _written++;
                if (_queue.Count == 0 || _queue.Peek().StartsEpoch)
                {
                    _epochsQueued--;
                }

                Monitor.PulseAll(_gate);
            }

            _onWritten();
        }
    }

    /// <summary>One write handed over, serialized (<paramref name="Snapshots"/>) or to serialize (<paramref name="Serialize"/>); <paramref name="StartsEpoch"/> when it was the first of its epoch in the queue.</summary>
    private sealed record Pending(string StepId, int WorkerIndex, long Epoch, StateSnapshot[]? Snapshots, Func<IReadOnlyList<StateSnapshot>>? Serialize, bool StartsEpoch);
}

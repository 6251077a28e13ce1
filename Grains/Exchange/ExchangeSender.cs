using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Orleans.Dataflow.Grains.Batching;
using Orleans.Dataflow.Grains.Operators;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>The sending end of an exchange on one worker: routes each record to its worker, batching per destination.</summary>
/// <remarks>
/// Records for this worker go to the local operator, never through a queue; others leave through the transport.
/// A destination's records are held until its batch is full, the epoch changes, progress follows, the worker has
/// nothing else to do (<see cref="Flush"/>) or the oldest has waited <see cref="Linger"/>: batches are full while
/// the worker is busy (each costs a grain call), and nothing waits once it is idle. Progress goes to every worker
/// after the data it covers. A destination's buffer is rented when a record goes there and leaves with its batch,
/// so a worker holds no buffer per peer: with many workers, memory grows with the batches in flight, not with the
/// square of the worker count. A stateless step whose only receiver is the exchange emits straight into it
/// (<see cref="DirectEmitter{T}"/>): each record is routed as it is emitted, into its worker's batch, without first
/// being batched by the step; a batch that the step's emissions fill beyond its size grows, and leaves once the step
/// is done with its input batch.
/// </remarks>
/// <typeparam name="T">The records.</typeparam>
/// <typeparam name="TRoute">Picks each record's worker; a struct, so this code is compiled for it and calls it directly.</typeparam>
internal sealed class ExchangeSender<T, TRoute> : DirectEmitter<T>, IBatchReceiver<T>, IWatermarkReceiver, IPendingBatches, IReusedBuffers
    where TRoute : struct, IExchangeRoute<T>
{
    /// <summary>How long a record may wait for its batch to fill while the worker stays busy.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(1);

    private static readonly long _lingerTicks = (long)(Linger.TotalSeconds * Stopwatch.Frequency);
    private readonly int _exchangeId;
    private readonly OperatorContext _into;
    private readonly int _self;
    private readonly TRoute _route;
    private readonly IWorkerTransport _transport;
    private readonly IBatchReceiver<T> _local;
    private readonly IProgressReceiver _localProgress;
    private readonly T[]?[] _buffers;
    private readonly int[] _counts;
    private readonly int _batchSize;
    private long _epoch;
    private readonly List<int> _filled = [];
    private int _emitted;
    private int _ownStale;
    private bool _holding;
    private long _holdingSince;

    /// <summary>Creates the sending end of exchange <paramref name="exchangeId"/> into the step of <paramref name="into"/>, on that context's worker.</summary>
    public ExchangeSender(int exchangeId, OperatorContext into, TRoute route, IWorkerTransport transport,
        IBatchReceiver<T> local, IProgressReceiver localProgress, int batchSize)
    {
        _exchangeId = exchangeId;
        _into = into;
        _self = into.WorkerIndex;
        _route = route;
        _transport = transport;
        _local = local;
        _localProgress = localProgress;
        _batchSize = batchSize;
        _buffers = new T[transport.WorkerCount][];
        _counts = new int[transport.WorkerCount];
    }

    public override void OnBatch(long epoch, ArraySegment<T> items)
    {
        if (_holding && epoch != _epoch)
        {
            Flush();
        }

        if (!_holding && items.Count > 0)
        {
            _holding = true;
            _holdingSince = Stopwatch.GetTimestamp();
        }

        _epoch = epoch;
        var buffers = _buffers;
        var counts = _counts;
        foreach (var item in items)
        {
            var worker = _route.WorkerOf(item);
            var buffer = buffers[worker] ??= ArrayPool<T>.Shared.Rent(_batchSize);
            var count = counts[worker];
            buffer[count++] = item;
            counts[worker] = count;
            if (count == _batchSize)
            {
                Send(worker);
            }
        }
    }

    /// <inheritdoc/>
    public override long Epoch => _epoch;

    /// <inheritdoc/>
    public override void BeginEmit(long epoch)
    {
        if (_holding && epoch != _epoch)
        {
            Flush();
        }

        _epoch = epoch;
        _emitted = 0;
    }

    /// <inheritdoc/>
    public override void Emit(T item)
    {
        var worker = _route.WorkerOf(item);
        var buffer = _buffers[worker] ??= ArrayPool<T>.Shared.Rent(_batchSize);
        var count = _counts[worker];
        if (count == buffer.Length)
        {
            buffer = Grow(worker, count);
        }

        buffer[count++] = item;
        _counts[worker] = count;
        _emitted++;
        if (count == _batchSize)
        {
            _filled.Add(worker);
        }
    }

    /// <inheritdoc/>
    public override int EndEmit()
    {
        if (_emitted > 0 && !_holding)
        {
            _holding = true;
            _holdingSince = Stopwatch.GetTimestamp();
        }

        foreach (var worker in _filled)
        {
            Send(worker);
        }

        _filled.Clear();
        return _emitted;
    }

    public void OnProgress(int channel, long frontier) => OnProgress(channel, frontier, 0);

    /// <summary>Sends progress to every worker, after the data it covers, with this worker's stream <paramref name="watermark"/> when the step has one.</summary>
    public void OnProgress(int channel, long frontier, long watermark)
    {
        Flush();
        for (var worker = 0; worker < _counts.Length; worker++)
        {
            if (worker != _self)
            {
                _transport.Send(worker, ExchangeMessage.Progress(_exchangeId, _self, frontier, watermark));
            }
            else if (_localProgress is IWatermarkReceiver local)
            {
                local.OnProgress(_self, frontier, watermark);
            }
            else
            {
                _localProgress.OnProgress(_self, frontier);
            }
        }
    }

    public void Flush()
    {
        if (!_holding)
        {
            return;
        }

        _holding = false;
        for (var worker = 0; worker < _counts.Length; worker++)
        {
            if (_counts[worker] > 0)
            {
                Send(worker);
            }
        }
    }

    public void FlushLingering(long timestamp)
    {
        if (_holding && timestamp - _holdingSince >= _lingerTicks)
        {
            Flush();
        }
    }

    /// <summary>Clears what this worker's own buffer still holds of records already handed to the local step.</summary>
    public void ReleaseRecords()
    {
        if (_ownStale > 0)
        {
            Array.Clear(_buffers[_self]!, 0, _ownStale);
            _ownStale = 0;
        }
    }

    /// <summary>Moves <paramref name="worker"/>'s batch of <paramref name="count"/> records to a buffer twice as large: the step emitted more for it in one go than a batch holds.</summary>
    private T[] Grow(int worker, int count)
    {
        var old = _buffers[worker]!;
        var grown = ArrayPool<T>.Shared.Rent(old.Length * 2);
        Array.Copy(old, grown, count);
        ArrayPool<T>.Shared.Return(old, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        _buffers[worker] = grown;
        if (worker == _self)
        {
            // The old buffer's stale records went back to the pool cleared; the new one holds none yet.
            _ownStale = 0;
        }

        return grown;
    }

    private void Send(int worker)
    {
        var count = _counts[worker];
        _counts[worker] = 0;
        if (worker == _self)
        {
            var own = _buffers[worker]!;
            _local.OnBatch(_epoch, new ArraySegment<T>(own, 0, count));
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            {
                _ownStale = Math.Max(_ownStale, count);
            }

            return;
        }

        try
        {
            _transport.Send(worker, ExchangeMessage.Data(_exchangeId, _self, _epoch, _buffers[worker]!, count));
        }
        catch (Exception e) when (e is not DataflowException)
        {
            // Between processes records go through their serde: a type it cannot write fails here, not in user code.
            throw new DataflowException(_into.FlowId, _into.StepId, _self, null, e,
                $"sending {count} records of {typeof(T).Name} to worker {worker} for this step (records that cross processes go through their serde)");
        }

        // The batch took the buffer with it (its receiver returns it to the pool); the next record to that worker rents one.
        _buffers[worker] = null;
    }
}

using System.Buffers;
using System.Runtime.CompilerServices;
using Orleans.Dataflow.Grains.Operators;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>The sending end of an exchange on one worker: routes each record to its worker, batching per destination.</summary>
/// <remarks>
/// Records for this worker go straight to the local operator, never through a queue; others leave through the
/// transport in batches of the exchange batch size, flushed at the end of every incoming batch so nothing
/// waits. Progress goes to every worker after the data it covers. A destination's buffer is rented when a record
/// goes there and leaves with its batch, so a worker holds no buffer per peer: with many workers, memory grows with
/// the batches in flight, not with the square of the worker count.
/// </remarks>
internal sealed class ExchangeSender<T> : IBatchReceiver<T>, IProgressReceiver
{
    private readonly int _exchangeId;
    private readonly OperatorContext _into;
    private readonly int _self;
    private readonly Func<T, int> _route;
    private readonly IWorkerTransport _transport;
    private readonly IBatchReceiver<T> _local;
    private readonly IProgressReceiver _localProgress;
    private readonly T[]?[] _buffers;
    private readonly int[] _counts;
    private readonly int _batchSize;

    /// <summary>Creates the sending end of exchange <paramref name="exchangeId"/> into the step of <paramref name="into"/>, on that context's worker.</summary>
    public ExchangeSender(int exchangeId, OperatorContext into, Func<T, int> route, IWorkerTransport transport,
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

    public void OnBatch(long epoch, ArraySegment<T> items)
    {
        foreach (var item in items)
        {
            var worker = _route(item);
            (_buffers[worker] ??= ArrayPool<T>.Shared.Rent(_batchSize))[_counts[worker]++] = item;
            if (_counts[worker] == _batchSize)
            {
                Flush(worker, epoch);
            }
        }

        for (var worker = 0; worker < _counts.Length; worker++)
        {
            if (_counts[worker] > 0)
            {
                Flush(worker, epoch);
            }
        }
    }

    public void OnProgress(int channel, long frontier)
    {
        for (var worker = 0; worker < _counts.Length; worker++)
        {
            if (worker == _self)
            {
                _localProgress.OnProgress(_self, frontier);
            }
            else
            {
                _transport.Send(worker, ExchangeMessage.Progress(_exchangeId, _self, frontier));
            }
        }
    }

    private void Flush(int worker, long epoch)
    {
        var count = _counts[worker];
        _counts[worker] = 0;
        if (worker == _self)
        {
            var own = _buffers[worker]!;
            _local.OnBatch(epoch, new ArraySegment<T>(own, 0, count));
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            {
                Array.Clear(own, 0, count);
            }

            return;
        }

        try
        {
            _transport.Send(worker, ExchangeMessage.Data(_exchangeId, _self, epoch, _buffers[worker]!, count));
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

using System.Diagnostics;
using Orleans.Dataflow.Grains.Exchange;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>The exchange channel of one partition's worker: batches go to other partitions (straight into the inbox of one on this silo, by grain call to one elsewhere), and come in through its <see cref="PartitionInbox"/>.</summary>
/// <remarks>
/// Every batch carries its sequence number on its channel, since grain calls may overtake each other. A data batch
/// counts as in flight until the receiving worker has taken it (its call completes then); a worker with more than
/// <c>maxInFlight</c> in flight stops reading its sources, so a slow partition anywhere slows its senders. A call
/// that cannot reach its receiver (the receiver's silo is gone) is a loss (<c>onLost</c>), which the frontier may
/// recover from; one that fails otherwise (a record its serde cannot write) fails the flow (<c>onFailure</c>).
/// A call that never got through to a silo not declared dead (a connection that broke) is made again, a few times.
/// </remarks>
internal sealed class PartitionTransport : IWorkerTransport
{
    private readonly string _flowId;
    private readonly int _self;
    private readonly IPartitionGrain[] _partitions;
    private readonly string[] _partitionKeys;
    private readonly LocalInboxes _local;
    private readonly PartitionInbox _inbox;
    private readonly int _maxInFlight;
    private readonly Action<Exception> _onFailure;
    private readonly Action<Exception, int> _onLost;
    private readonly long[] _sequences;
    private readonly Action<Task, object?> _delivered;
    private readonly Action<ExchangeBatch> _takenLocally;
    private int _inFlight;
    private Action? _wake;

    public PartitionTransport(string flowId, int self, IPartitionGrain[] partitions, LocalInboxes local, PartitionInbox inbox, int maxInFlight, Action<Exception> onFailure, Action<Exception, int> onLost)
    {
        _flowId = flowId;
        _self = self;
        _partitions = partitions;
        _partitionKeys = Array.ConvertAll(partitions, p => p.GetPrimaryKeyString());
        _local = local;
        _inbox = inbox;
        _maxInFlight = maxInFlight;
        _onFailure = onFailure;
        _onLost = onLost;
        _sequences = new long[partitions.Length];
        _delivered = OnDelivered;
        _takenLocally = OnTakenLocally;
    }

    public int WorkerCount => _partitions.Length;

    public IReadOnlyDictionary<int, IExchangeCodec> Codecs { get; set; } = new Dictionary<int, IExchangeCodec>();

    /// <summary>The step each exchange leads into, for naming it when a batch cannot be delivered.</summary>
    public IReadOnlyDictionary<int, string> ExchangeSteps { get; set; } = new Dictionary<int, string>();

    public void Send(int toWorker, ExchangeMessage message)
    {
        var codec = message.IsProgress ? null : Codecs[message.ExchangeId];
        var batch = new ExchangeBatch(message, ++_sequences[toWorker], codec);
        if (!message.IsProgress)
        {
            Interlocked.Increment(ref _inFlight);
        }

        if (_local.Find(_partitionKeys[toWorker]) is { } inbox)
        {
            inbox.AcceptLocal(batch, _takenLocally);
        }
        else
        {
            Deliver(batch, toWorker, attempt: 1);
        }
    }

    private void Deliver(ExchangeBatch batch, int toWorker, int attempt)
        => _partitions[toWorker].Deliver(batch).ContinueWith(_delivered, (batch, toWorker, attempt), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    public bool TryReceive(int worker, out ExchangeMessage message)
    {
        if (_inbox.TryTake(out var batch))
        {
            message = batch.ToMessage(Codecs);
            return true;
        }

        message = null!;
        return false;
    }

    public bool IsBackedUp(int fromWorker) => Volatile.Read(ref _inFlight) > _maxInFlight;

    public void OnMessage(int worker, Action wake)
    {
        _wake = wake;
        _inbox.Wake = wake;
    }

    public void Dispose()
    {
    }

    private void OnDelivered(Task call, object? state)
    {
        var (batch, to, attempt) = ((ExchangeBatch, int, int))state!;
        if ((call.IsCanceled || Unreachable.MayGetThroughAgain(call.Exception)) && attempt < Unreachable.UnsentCallRetries)
        {
            // Orleans could not address or send the call (the grain directory changed after a silo loss, a connection
            // broke) and the receiver's silo is not declared dead: send the same batch again. The receiver orders
            // batches by sequence number and takes each once. Its silo declared dead, the next try says so for good.
            batch.ForgetLeftSilo();
            Task.Delay(Unreachable.UnsentCallDelay).ContinueWith(_ => Deliver(batch, to, attempt + 1), TaskScheduler.Default);
            return;
        }

        if (call.IsCanceled || Unreachable.Is(call.Exception))
        {
            var reason = call.Exception?.GetBaseException() ?? new OperationCanceledException("the call was cancelled unsent");
            _onLost(new InvalidOperationException($"partition {_self} could not reach partition {to}: {Unreachable.Reason(reason)}", reason), to);
        }
        else if (call.Exception is { } failed)
        {
            // Between silos records go through their serde: a type it cannot write fails here, not in user code.
            var what = batch.IsProgress ? "progress" : $"{batch.Count} records";
            _onFailure(new DataflowException(_flowId, ExchangeSteps.GetValueOrDefault(batch.ExchangeId, "(exchange)"), _self, null, failed.GetBaseException(),
                $"sending {what} to partition {to} for this step (records that cross processes go through their serde)"));
        }

        if (call.IsCompletedSuccessfully)
        {
            batch.ReturnSentRecords();
        }

        Credit(batch);
    }

    /// <summary>A batch handed to an inbox of this silo was taken (or dropped by a receiver that left): nothing to return, nothing lost.</summary>
    private void OnTakenLocally(ExchangeBatch batch) => Credit(batch);

    private void Credit(ExchangeBatch batch)
    {
        if (batch.IsProgress)
        {
            return;
        }

        var inFlight = Interlocked.Decrement(ref _inFlight);
        Debug.Assert(inFlight >= 0, $"partition {_self} was credited for more batches than it sent");
        if (inFlight == _maxInFlight)
        {
            // The worker may be parked because it was backed up; it can read its sources again.
            _wake?.Invoke();
        }
    }
}

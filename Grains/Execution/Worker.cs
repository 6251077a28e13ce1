using System.Diagnostics;
using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Observability;
using Orleans.Dataflow.Grains.Progress;
using Orleans.Dataflow.Inputs;

namespace Orleans.Dataflow.Grains.Execution;

/// <summary>One worker thread: runs its copy of the plan, taking turns between exchange messages, timers, epoch cuts and sources.</summary>
/// <remarks>
/// Each round: deliver waiting messages, fire due notifications, cut an epoch if the interval has passed, read one
/// batch from each awake partition unless the transport is backed up, then send what exchanges held back for
/// fuller batches once it has lingered, or, when nothing happened, send it all and park until the next deadline
/// or message. After each commit it tells the operators that listen for commits. The worker ends when every operator has
/// seen EOF, on a graceful stop once the stop epoch is closed everywhere (in both cases once the epochs its epoch-aware
/// sinks closed are committed), or at once on a failure or abort.
/// </remarks>
internal sealed class Worker
{
    private const int MaxMessagesPerRound = 64;
    private static readonly TimeSpan _minIdleEpoch = TimeSpan.FromMilliseconds(1);
    // A commit wakes the worker; the poll only bounds a wait whose wake-up was lost.
    private static readonly TimeSpan _commitPoll = TimeSpan.FromMilliseconds(100);
    private readonly int _index;
    private readonly WorkerPlan _plan;
    private readonly IWorkerTransport _transport;
    private readonly IWorkerControl _coordinator;
    private readonly ExecutionOptions _options;
    private readonly TimeProvider _clock;
    private readonly ManualResetEventSlim _signal = new(false, 0);
    private readonly ParkWait _wait;
    private readonly Func<bool> _backedUp;
    private readonly DateTimeOffset? _epochOrigin;
    private long _epoch;
    private EpochGrid _grid;
    private DateTimeOffset _epochStartedAt;
    private bool _readInEpoch;
    private long _reportedClosed;
    private bool _stopping;
    private long? _stopEpoch;
    private readonly Queue<(long Epoch, long CutAt)> _cuts = new();
    private readonly KeyValuePair<string, object?> _flowTag;
    private long _backpressureTicks;
    private long _backedUpSince;
    private long _lastBusy;
    private readonly List<(long Closed, long Ticket)> _unwritten = [];
    private long _handedClosed;
    private long _notifiedCommitted;

    /// <summary>Creates worker <paramref name="index"/>, starting at <paramref name="startEpoch"/>, cutting epochs on the grid that begins at <paramref name="epochOrigin"/> (when the worker starts if null).</summary>
    public Worker(int index, WorkerPlan plan, IWorkerTransport transport, IWorkerControl coordinator, ExecutionOptions options, long startEpoch, DateTimeOffset? epochOrigin)
    {
        _index = index;
        _plan = plan;
        _transport = transport;
        _coordinator = coordinator;
        _options = options;
        _clock = options.Clock;
        _epoch = startEpoch;
        _epochOrigin = epochOrigin;
        _reportedClosed = startEpoch - 1;
        _handedClosed = startEpoch - 1;
        _notifiedCommitted = startEpoch - 1;
        _backedUp = () => transport.IsBackedUp(index);
        _flowTag = DataflowMeters.Flow(plan.FlowId);
        _wait = new ParkWait(_signal);
        transport.OnMessage(index, _signal.Set);
        coordinator.SetWake(index, _signal.Set);
    }

    /// <summary>The epoch this worker's sources are in.</summary>
    public long Epoch => _epoch;

    /// <summary>The seconds this worker's sources have waited on backpressure, the current wait included; read racily from any thread.</summary>
    public double BackpressureSeconds
    {
        get
        {
            var since = Volatile.Read(ref _backedUpSince);
            var ticks = Volatile.Read(ref _backpressureTicks) + (since == 0 ? 0 : Stopwatch.GetTimestamp() - since);
            return (double)ticks / Stopwatch.Frequency;
        }
    }

    public void Run()
    {
        try
        {
            _plan.Snapshots?.Start($"{Thread.CurrentThread.Name ?? $"dataflow worker {_index}"} snapshots", _signal.Set);
            foreach (var open in _plan.Openers)
            {
                open();
            }

            Loop();
        }
        catch (AbortExecutionException)
        {
            _coordinator.Abort();
        }
        catch (Exception e)
        {
            _coordinator.Fail(e);
        }
        finally
        {
            _plan.Snapshots?.Stop();
            foreach (var op in _plan.Operators)
            {
                try
                {
                    op.Close();
                }
                catch (Exception e)
                {
                    _coordinator.Fail(e as DataflowException ?? new DataflowException(op.Context.FlowId, op.Context.StepId, _index, null, e));
                }
            }

            _coordinator.Retire(_index);
        }
    }

    private void Loop()
    {
        _epochStartedAt = _clock.GetUtcNow();
        _grid = new EpochGrid(_epochOrigin ?? _epochStartedAt, _epoch, _options.EpochInterval);
        while (!_coordinator.MustExit)
        {
            var busy = DeliverMessages();
            var now = _clock.GetUtcNow();
            foreach (var timed in _plan.Timed)
            {
                if (timed.NextWakeUp <= now)
                {
                    timed.FireDueNotifications(now);
                    busy = true;
                }
            }

            if (_coordinator.IsStopRequested && !_stopping)
            {
                _stopping = true;
                _coordinator.PublishStopEpoch(_index, _epoch);
            }

            if (_stopping)
            {
                if (_stopEpoch is null && _coordinator.StopEpoch is { } target)
                {
                    _stopEpoch = target;
                    foreach (var input in _plan.Inputs)
                    {
                        input.AdvanceEpoch(target + 1);
                    }
                }
            }
            else
            {
                // What a round reads belongs to the epoch it began in: read first, then cut (as Bytewax does). A round
                // that begins after the end of an epoch already read in (its worker was busy, or stalled) cuts it first:
                // read before the cut, a stall's late batch went into an epoch that had ended long before.
                if (_readInEpoch && HasLiveInputs && now >= _grid.EndOf(_epoch))
                {
                    CutEpoch(now);
                }

                if (_transport.IsBackedUp(_index))
                {
                    if (_backedUpSince == 0)
                    {
                        Volatile.Write(ref _backedUpSince, Stopwatch.GetTimestamp());
                    }
                }
                else
                {
                    EndBackpressure();
                    foreach (var input in _plan.Inputs)
                    {
                        if (!input.IsDone && input.Poll(now, _backedUp))
                        {
                            busy = true;
                            _readInEpoch = true;
                        }
                    }
                }

                if (HasLiveInputs && now >= _grid.EndOf(_epoch))
                {
                    CutEpoch(now);
                }
            }

            var closed = ClosedEpoch();
            var last = closed == Frontier.Eof - 1 || (_stopEpoch is { } stopAt && closed >= stopAt);
            ReportClosed(closed, last);
            NotifyCommitted();
            if (last)
            {
                AwaitCommits();
                return;
            }

            if (busy)
            {
                var timestamp = Stopwatch.GetTimestamp();
                _lastBusy = timestamp;
                foreach (var pending in _plan.Pending)
                {
                    pending.FlushLingering(timestamp);
                }
            }
            else
            {
                // Upstream exchanges come first in the plan: what flushing one hands on locally is flushed by a later one.
                foreach (var pending in _plan.Pending)
                {
                    pending.Flush();
                }

                foreach (var reused in _plan.Reused)
                {
                    reused.ReleaseRecords();
                }

                Park();
            }
        }
    }

    private bool HasLiveInputs => _plan.Inputs.Exists(i => !i.IsDone);

    private bool DeliverMessages()
    {
        var delivered = 0;
        while (delivered < MaxMessagesPerRound && _transport.TryReceive(_index, out var message))
        {
            _plan.Inboxes[message.ExchangeId].Deliver(message);
            delivered++;
        }

        return delivered > 0;
    }

    /// <summary>Adds the wait that ends now to the backpressure time, if the sources were waiting.</summary>
    private void EndBackpressure()
    {
        if (_backedUpSince != 0)
        {
            Volatile.Write(ref _backpressureTicks, _backpressureTicks + Stopwatch.GetTimestamp() - _backedUpSince);
            Volatile.Write(ref _backedUpSince, 0);
        }
    }

    /// <summary>Records how long each epoch cut up to <paramref name="closed"/> took to close: once per epoch, not per record.</summary>
    private void MeasureClosed(long closed)
    {
        var now = Stopwatch.GetTimestamp();
        while (_cuts.TryPeek(out var cut) && cut.Epoch <= closed)
        {
            _cuts.Dequeue();
            PartitionMeters.CloseDuration.Record(Stopwatch.GetElapsedTime(cut.CutAt, now).TotalSeconds, _flowTag);
        }
    }

    private void CutEpoch(DateTimeOffset now)
    {
        if (PartitionMeters.CloseDuration.Enabled)
        {
            _cuts.Enqueue((_epoch, Stopwatch.GetTimestamp()));
        }

        _epoch = Math.Max(_epoch + 1, _grid.EpochAt(now));
        _epochStartedAt = now;
        _readInEpoch = false;
        foreach (var input in _plan.Inputs)
        {
            input.AdvanceEpoch(_epoch);
        }
    }

    /// <summary>Reports <paramref name="closed"/> to the coordinator once every snapshot handed over until now is written; the last time, waits for them.</summary>
    /// <remarks>
    /// An epoch is committed once every worker has reported it closed, so its snapshots must be durable by then. Every
    /// write of an epoch up to <paramref name="closed"/> was handed over before the operators closed it, so the
    /// handoff's ticket now is the one to wait for. Reports wait in order, one per distinct ticket, so there are no
    /// more of them than writes in the handoff's bounded queue.
    /// </remarks>
    private void ReportClosed(long closed, bool last)
    {
        if (_plan.Snapshots is not { } snapshots)
        {
            Report(closed);
            return;
        }

        if (closed > _handedClosed)
        {
            _handedClosed = closed;
            var ticket = snapshots.HandedOver;
            if (_unwritten.Count > 0 && _unwritten[^1].Ticket == ticket)
            {
                _unwritten[^1] = (closed, ticket);
            }
            else
            {
                _unwritten.Add((closed, ticket));
            }
        }

        if (last)
        {
            snapshots.Drain();
        }
        else
        {
            snapshots.ThrowIfFailed();
        }

        var written = snapshots.Written;
        var durable = 0;
        while (durable < _unwritten.Count && _unwritten[durable].Ticket <= written)
        {
            durable++;
        }

        if (durable > 0)
        {
            Report(_unwritten[durable - 1].Closed);
            _unwritten.RemoveRange(0, durable);
        }
    }

    private void Report(long closed)
    {
        if (closed > _reportedClosed)
        {
            _reportedClosed = closed;
            _coordinator.ReportClosed(_index, closed, _epoch);
            MeasureClosed(closed);
        }
    }

    /// <summary>The epoch up to which every epoch is committed: the store's commit, or without a store what this worker has closed.</summary>
    private long CommittedEpoch() => _plan.Snapshots is null ? _reportedClosed : _coordinator.Committed;

    /// <summary>Tells the operators that listen for commits of a commit they have not heard of yet, on this thread, in epoch order.</summary>
    private void NotifyCommitted()
    {
        var committed = CommittedEpoch();
        if (committed <= _notifiedCommitted)
        {
            return;
        }

        _notifiedCommitted = committed;
        foreach (var listener in _plan.CommitListeners)
        {
            listener.OnEpochCommitted(committed);
        }
    }

    /// <summary>At the worker's end, before its operators close: waits until every epoch an operator awaits is committed, unless the execution fails or is abandoned.</summary>
    /// <remarks>The last epoch commits only once every worker has closed it, so a sink that makes output visible at commits must still be open then.</remarks>
    private void AwaitCommits()
    {
        while (!_coordinator.MustExit && _plan.CommitListeners.Exists(l => l.AwaitingCommit >= 0))
        {
            _signal.Reset();
            NotifyCommitted();
            if (_plan.CommitListeners.Exists(l => l.AwaitingCommit >= 0) && !_coordinator.MustExit)
            {
                _signal.Wait(_commitPoll);
            }
        }
    }

    /// <summary>The last epoch closed at every operator of this worker (EOF everywhere gives <c>long.MaxValue - 1</c>).</summary>
    private long ClosedEpoch()
    {
        var frontier = Frontier.Eof;
        foreach (var input in _plan.Inputs)
        {
            frontier = Math.Min(frontier, input.Epoch);
        }

        foreach (var op in _plan.Operators)
        {
            if (op.ChannelCount > 0)
            {
                frontier = Math.Min(frontier, op.InputFrontier);
            }
        }

        return frontier - 1;
    }

    /// <summary>Sleeps until the next deadline or until a message or the coordinator wakes the worker.</summary>
    /// <remarks>
    /// The signal is reset before the last look at the queue, so a message sent in between is never missed. On the
    /// system clock <see cref="ParkWait"/> meets sub-millisecond deadlines and catches a busy neighbour's messages
    /// without blocking; on a test clock the clock's timer wakes the worker.
    /// </remarks>
    private void Park()
    {
        _signal.Reset();
        if (_coordinator.MustExit
            || (_coordinator.IsStopRequested && (!_stopping || (_stopEpoch is null && _coordinator.StopEpoch is not null)))
            || (_plan.Snapshots is { } snapshots && (snapshots.Failed || (_unwritten.Count > 0 && _unwritten[0].Ticket <= snapshots.Written)))
            || CommittedEpoch() > _notifiedCommitted
            || DeliverMessages())
        {
            return;
        }

        var now = _clock.GetUtcNow();
        var deadline = DateTimeOffset.MaxValue;
        if (!_stopping)
        {
            if (HasLiveInputs)
            {
                // With a zero interval an idle worker would spin cutting empty epochs; the next read cuts one anyway.
                deadline = Min(deadline, Max(_grid.EndOf(_epoch), _epochStartedAt + _minIdleEpoch));
            }

            // A backed-up worker waits for the transport to wake it when a receiver catches up, not for its sources.
            if (!_transport.IsBackedUp(_index))
            {
                foreach (var input in _plan.Inputs)
                {
                    deadline = Min(deadline, input.NextAwake);
                }
            }
        }

        foreach (var timed in _plan.Timed)
        {
            deadline = Min(deadline, timed.NextWakeUp);
        }

        if (deadline <= now)
        {
            return;
        }

        if (ReferenceEquals(_clock, TimeProvider.System))
        {
            _wait.Wait(deadline == DateTimeOffset.MaxValue ? null : deadline - now, Stopwatch.GetElapsedTime(_lastBusy) <= ParkWait.HotWindow);
            return;
        }

        if (deadline == DateTimeOffset.MaxValue || deadline - now > TimeSpan.FromMilliseconds(int.MaxValue - 1))
        {
            _signal.Wait();
            return;
        }

        // The deadline is on the run's clock; a test clock decides itself when that time has come. Its timer counts
        // whole milliseconds, cutting off the rest: round up, or 0.9 ms would fire at once and the worker would spin.
        var wait = TimeSpan.FromMilliseconds(Math.Ceiling((deadline - now).TotalMilliseconds));
        using var timer = _clock.CreateTimer(static signal => ((ManualResetEventSlim)signal!).Set(), _signal, wait, Timeout.InfiniteTimeSpan);
        _signal.Wait();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset? b) => b is { } value && value < a ? value : a;
}

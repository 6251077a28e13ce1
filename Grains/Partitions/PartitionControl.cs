using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Grains.Observability;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>A partition worker's link to the frontier grain: reports go to it in order, and its decisions come back here for the worker to read.</summary>
/// <remarks>
/// Reports queue and one loop sends them, all that is waiting in one call, so the frontier applies each partition's
/// reports in the order its worker made them; with nothing to report it still calls every second, and every answer
/// carries the frontier's decisions, so a partition hears them even when a push was lost with a silo. Every call also
/// carries the partition's status (<see cref="PartitionProbe"/>), so the frontier knows its counts within a second
/// and its final ones from the call that reports its retirement. A failure here (in user code, or reaching the frontier) makes this
/// worker exit at once, before the frontier has decided anything; the frontier's decisions only ever add to what
/// this partition knows.
/// </remarks>
internal sealed partial class PartitionControl : IWorkerControl
{
    private static readonly TimeSpan _heartbeat = TimeSpan.FromSeconds(1);

    /// <summary>How many times a report is made again to a frontier activation that runs no attempt before the partition leaves.</summary>
    private const int NoAttemptRetries = 3;

    /// <summary>How long a batch may be missing from a channel, while later ones wait for it, before it counts as lost.</summary>
    private static readonly TimeSpan _lostBatchAfter = TimeSpan.FromSeconds(30);
    private readonly string _attempt;
    private readonly int _index;
    private readonly string _silo;
    private readonly IFrontierGrain _frontier;
    private readonly ExecutionEntry _entry;
    private readonly ILogger _logger;
    private readonly Channel<PartitionReport> _reports = Channel.CreateUnbounded<PartitionReport>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _gate = new();
    private FrontierDecisions _decisions = FrontierDecisions.None;
    private Exception? _localFailure;
    private volatile bool _aborted;
    private volatile bool _abandoned;
    private Action _wake = () => { };
    private volatile PartitionProbe? _probe;
    private long _closedEpoch = -1;
    private volatile bool _retired;
    private long _sequence;
    private PartitionInbox? _inbox;

    public PartitionControl(string attempt, int index, string silo, IFrontierGrain frontier, ExecutionEntry entry, ILogger logger)
    {
        _logger = logger;
        _attempt = attempt;
        _index = index;
        _silo = silo;
        _frontier = frontier;
        _entry = entry;
        _ = Task.Run(SendReports);
    }

    public bool MustExit => Volatile.Read(ref _localFailure) is not null || _aborted || _abandoned
        || Decisions.Failure is not null || Decisions.Aborted || Decisions.Abandoned;

    public bool IsStopRequested => Decisions.StopRequested;

    public long? StopEpoch => Decisions.StopEpoch;

    public long Committed => Decisions.Committed;

    private FrontierDecisions Decisions => Volatile.Read(ref _decisions);

    public void SetWake(int worker, Action wake) => _wake = wake;

    /// <summary>From now on, a batch missing from <paramref name="inbox"/> for <see cref="_lostBatchAfter"/> is reported as lost with the partition that sent it.</summary>
    public void Watch(PartitionInbox inbox) => _inbox = inbox;

    /// <summary>From now on, reports carry the status <paramref name="probe"/> reads from the running worker.</summary>
    public void Watch(PartitionProbe probe) => _probe = probe;

    /// <summary>Takes in what the frontier decided; fields only ever go one way, so an older push changes nothing.</summary>
    public void Apply(FrontierDecisions decisions)
    {
        lock (_gate)
        {
            _decisions = _decisions.Merge(decisions);
        }

        _wake();
    }

    public void Fail(Exception error)
    {
        if (Interlocked.CompareExchange(ref _localFailure, error, null) is null)
        {
            _entry.RecordFailure(error);
            Report(new PartitionReport(PartitionReportKind.Failed, Failure: FailureReport.Of(error, _index, _silo)));
        }

        _wake();
    }

    /// <summary>Tells the frontier that this partition's silo, <paramref name="leaving"/>, is stopping gracefully; true when the frontier hands the partition over (the worker stops after an epoch it commits), false when it must leave at once.</summary>
    public async Task<bool> HandOver(SiloAddress leaving)
    {
        if (MustExit || _reports.Reader.Completion.IsCompleted)
        {
            // Leaving already, or the execution has ended: there is nothing to hand over.
            return false;
        }

        try
        {
            return await _frontier.HandOver(_attempt, leaving);
        }
        catch (Exception error) when (Unreachable.Is(error))
        {
            // The frontier's silo is going too: nothing can be handed over, and the partition's loss is what follows.
            return false;
        }
    }

    /// <summary>Makes the worker leave at once without reporting a failure: its silo is stopping, and the frontier recovers the partition elsewhere.</summary>
    public void Abandon()
    {
        _abandoned = true;
        _wake();
    }

    /// <summary>Reports that the worker could not reach partition <paramref name="peer"/>, whose silo is gone or going; <paramref name="error"/> says how.</summary>
    /// <remarks>Not a failure of the flow: with a recovery store the frontier restarts the execution from its last committed epoch.</remarks>
    public void Lose(Exception error, int peer)
    {
        if (Interlocked.CompareExchange(ref _localFailure, error, null) is null)
        {
            Report(new PartitionReport(PartitionReportKind.Lost, Failure: FailureReport.Of(error, _index, _silo), Peer: peer));
        }

        _wake();
    }

    public void Abort()
    {
        if (!_aborted)
        {
            _aborted = true;
            Report(new PartitionReport(PartitionReportKind.Aborted));
        }

        _wake();
    }

    public void PublishStopEpoch(int worker, long epoch) => Report(new PartitionReport(PartitionReportKind.StopEpoch, epoch));

    public void Retire(int worker)
    {
        // Before the report, so that the call carrying it sends the worker's final counts as not running.
        _retired = true;
        Report(new PartitionReport(PartitionReportKind.Retired));
    }

    /// <summary>The execution has ended: stops sending reports.</summary>
    /// <remarks>Not at retirement: a batch sent before the worker left may still fail to arrive, and that failure must reach the frontier.</remarks>
    public void Close() => _reports.Writer.TryComplete();

    public void ReportClosed(int worker, long epoch, long lastEpoch)
    {
        Volatile.Write(ref _closedEpoch, epoch);
        Report(new PartitionReport(PartitionReportKind.Closed, epoch, lastEpoch));
    }

    private void Report(PartitionReport report) => _reports.Writer.TryWrite(report);

    /// <summary>Reports the sender of a batch missing from the inbox for <see cref="_lostBatchAfter"/> as lost: the worker cannot go on without it, and its sender waits for its credit.</summary>
    /// <remarks>
    /// Orleans delivers a call at most once; the batches' calls have an hour's timeout, so a lost one would hold both
    /// partitions for good (a CI run saw it after every process restarted at once). As a lost silo: recovered from the
    /// last commit with a store, the execution failing naming it without one.
    /// </remarks>
    private void ReportLostBatch()
    {
        if (_inbox?.LongestGap() is { } gap && gap.For >= _lostBatchAfter && Volatile.Read(ref _localFailure) is null)
        {
            Lose(new InvalidOperationException($"partition {_index} waited {gap.For.TotalSeconds:0} s for batch {gap.Missing} of partition {gap.Sender}, while later ones had come: the call that carried it was lost"), gap.Sender);
        }
    }

    /// <summary>Sends <paramref name="reports"/> to the frontier under the next sequence number, again a few times while Orleans cancels or refuses the call on the way as the cluster changes, and whenever it goes unanswered (<see cref="IFrontierGrain.Report"/>).</summary>
    private async Task<FrontierDecisions> SendToFrontier(PartitionReport[] reports)
    {
        // Read after the reports were taken: a retirement among them means the counts are final.
        var status = _probe?.Read(Volatile.Read(ref _closedEpoch), !_retired);
        var sequence = ++_sequence;
        for (int unsent = 1, noAttempt = 0; ; )
        {
            try
            {
                return await _frontier.Report(_attempt, _index, sequence, reports, status).ConfigureAwait(false);
            }
            catch (Exception error) when (Unreachable.MayGetThroughAgain(error) && unsent++ < Unreachable.UnsentCallRetries)
            {
                // Cancelled unsent, or refused on the way (addressed to an old activation or silo, a connection that
                // failed once) while the cluster changes: asked again, readdressed. Its silo declared dead fails it for good.
                await Task.Delay(Unreachable.UnsentCallDelay).ConfigureAwait(false);
            }
            catch (InvalidOperationException) when (noAttempt++ < NoAttemptRetries)
            {
                // An activation of the frontier that runs no attempt: one made while the grain directory changed, which
                // goes at once, so the call is made again; or the frontier lost and started anew, which ran nothing yet.
                await Task.Delay(_heartbeat).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A dead frontier's silo fails the call once the membership declares it: a timeout is a busy frontier,
                // or a call or answer lost on the way.
            }
        }
    }

    private async Task SendReports()
    {
        var batch = new List<PartitionReport>();
        while (true)
        {
            using (var heartbeat = new CancellationTokenSource(_heartbeat))
            {
                try
                {
                    if (!await _reports.Reader.WaitToReadAsync(heartbeat.Token).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (heartbeat.IsCancellationRequested)
                {
                    // Nothing to report for a while: report nothing, to hear the decisions all the same.
                }
            }

            ReportLostBatch();
            while (_reports.Reader.TryRead(out var report))
            {
                batch.Add(report);
            }

            try
            {
                Apply(await SendToFrontier([.. batch]).ConfigureAwait(false));
            }
            catch (Exception error)
            {
                // Without its frontier (or once it has moved on to another attempt) a partition can neither commit nor agree on a stop: it leaves.
                LogLeftUnheard(_logger, _index, _entry.ExecutionId, _attempt, Unreachable.Reason(error.GetBaseException()));
                _abandoned = true;
                _wake();
                return;
            }

            batch.Clear();
        }
    }

    [LoggerMessage(EventId = DataflowEventIds.PartitionLeftUnheard, Level = LogLevel.Warning, Message = "Partition {Partition} of execution '{Execution}' (attempt {Attempt}) cannot reach its frontier and leaves: {Reason}")]
    private static partial void LogLeftUnheard(ILogger logger, int partition, string execution, string attempt, string reason);
}

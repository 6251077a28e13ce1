using System.Diagnostics;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Grains.Observability;
using Microsoft.Extensions.Logging;
using Orleans.Dataflow.Grains.Partitions;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Orleans.Dataflow.Grains.Coordination;

/// <summary>The frontier of one execution: begins each attempt on the recovery store, starts its partitions, applies their reports, decides commits, the stop epoch, the first failure and the end, and recovers from lost silos.</summary>
/// <remarks>
/// <para>
/// Each attempt's <see cref="ExecutionCoordinator"/> holds every partition's closed epoch and commits, on a thread of
/// its own, the latest epoch all have closed. Each turn that changes a decision pushes the decisions to every
/// partition. Not reentrant: reports are applied one call at a time, each partition's in the order it sent them.
/// </para>
/// <para>
/// A silo is lost when the membership says it is dead or stopping, or when a partition could not reach another one.
/// Without a recovery store the execution fails naming the silo. With one, the attempt is abandoned: its partitions
/// that remain leave without a word, and once all have, the next attempt begins on the store — at the epoch after
/// the last committed one, its partitions placed on the silos that remain and restoring their state themselves.
/// Placed on the silo of its caller, so that a run does not lose its coordinator to the loss of another silo.
/// </para>
/// </remarks>
[PreferLocalPlacement]
internal sealed partial class FrontierGrain(DataflowExecutionCatalog catalog, IClusterMembershipService membership, ILocalSiloDetails silo, ILogger<FrontierGrain> logger)
    : Grain, IFrontierGrain
{
    private const int MaxRecoveriesWithoutCommit = 10;
    private static readonly TimeSpan _firstRetryDelay = TimeSpan.FromMilliseconds(200);
    private readonly TaskCompletionSource<ExecutionEnd> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _deactivated = new();
    private ExecutionEntry? _entry;
    private FlowDeployment? _deployment;
    private Attempt? _attempt;
    private int _partitionCount;
    private FailureReport? _failure;
    private bool _stopRequested;
    private int _recoveries;
    private long _committedAtLastRecovery;
    private int _refreshPending;
    private int _attempts;
    private long _earlierIn;
    private long _earlierOut;
    private readonly HashSet<SiloAddress> _leaving = [];
    private Task<ExecutionEntry>? _loading;
    private IGrainTimer? _stallTimer;
    private IGrainTimer? _silenceTimer;
    private bool _begunNoticed;

    public async Task<bool> Start(int partitionCount, FlowDeployment? deployment = null)
    {
        if (_entry is not null || _loading is not null)
        {
            return false;
        }

        _deployment = deployment?.Definition.Source is null ? null : deployment;
        if (_deployment is null)
        {
            _entry = catalog.Get(this.GetPrimaryKeyString());
        }
        else
        {
            _loading = catalog.LoadAsync(_deployment);
            _entry = await _loading;
        }

        _partitionCount = partitionCount;
        WatchMembership(this.AsReference<IFrontierGrain>(), _deactivated.Token).Ignore();
        var stalls = new StallWatch(_entry.Options.StallWarningAfter);
        _stallTimer = this.RegisterGrainTimer(() => WarnIfStalled(stalls), new GrainTimerCreationOptions(stalls.Period, stalls.Period) { Interleave = true });
        // Not interleaved: it runs as a turn of its own, after every report that came before it.
        var silenceCheck = _entry.Options.SilentPartitionLimit / 9;
        _silenceTimer = this.RegisterGrainTimer(LoseSilentPartitions, new GrainTimerCreationOptions(silenceCheck, silenceCheck));
        try
        {
            await BeginAttempt();
        }
        catch (Exception e)
        {
            // The first attempt could not begin (the store cannot be opened for it, say): the caller gets this error.
            _entry.RecordFailure(e);
            throw;
        }

        return true;
    }

    public async Task<FrontierDecisions> Report(string attempt, int partition, long sequence, PartitionReport[] reports, PartitionStatus? status)
    {
        if (_attempt is not { } current)
        {
            if (_entry is null && _loading is null)
            {
                // Never started: a second activation of this frontier, made while the grain directory changed. It goes,
                // so that the partition's next call finds the one that runs the execution.
                DeactivateOnIdle();
            }

            throw new InvalidOperationException($"execution '{this.GetPrimaryKeyString()}' has no attempt '{attempt}' here");
        }

        if (current.Id != attempt)
        {
            // An abandoned attempt's partition, late: it must leave.
            return current.Sent with { Abandoned = true };
        }

        current.ReportedAt[partition] = Stopwatch.GetTimestamp();
        if (sequence <= current.AppliedReports[partition])
        {
            // A copy of a call applied already (made again when its answer was late): applied twice, an older status
            // would overwrite a newer one, and the final counts would not be exact.
            return current.Sent;
        }

        current.AppliedReports[partition] = sequence;
        if (status is not null)
        {
            current.Statuses[partition] = status;
        }

        var coordinator = current.Coordinator;
        foreach (var report in reports)
        {
            switch (report.Kind)
            {
                case PartitionReportKind.Failed when !current.Abandoned:
                    _failure ??= report.Failure;
                    coordinator.Fail(new RemoteFailureException(report.Failure?.CauseType ?? "unknown", report.Failure?.Message ?? "a partition failed"));
                    break;
                case PartitionReportKind.Lost when !current.Abandoned:
                    var peerSilo = report.Peer >= 0 && report.Peer < current.Silos.Length ? current.Silos[report.Peer] : null;
                    LoseAttempt(current, $"silo {peerSilo?.ToString() ?? "(unknown)"} (partition {report.Peer}): {report.Failure?.CauseMessage ?? $"partition {partition} could not reach it"}");
                    break;
                case PartitionReportKind.Failed or PartitionReportKind.Lost:
                    // What the loss of a silo causes in the partitions that remain; the next attempt starts over.
                    break;
                case PartitionReportKind.Aborted:
                    coordinator.Abort();
                    break;
                case PartitionReportKind.StopEpoch:
                    coordinator.PublishStopEpoch(partition, report.Epoch);
                    break;
                case PartitionReportKind.Retired:
                    if (current.Retire(partition))
                    {
                        coordinator.Retire(partition);
                    }

                    break;
                case PartitionReportKind.Closed:
                    coordinator.ReportClosed(partition, report.Epoch, report.LastEpoch);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(reports), report.Kind, "unknown partition report");
            }
        }

        Broadcast(current);
        await AfterRetirements(current);
        return current.Sent;
    }

    public Task<ExecutionStatus?> Status()
        => Task.FromResult(_attempt is { } current ? ExecutionStatus.Of(current, _attempts, _earlierIn, _earlierOut, _entry!.Options.Recovery is not null) : null);

    public Task RequestStop()
    {
        _stopRequested = true;
        if (_attempt is { } current)
        {
            current.Coordinator.RequestStop();
            Broadcast(current);
        }

        return Task.CompletedTask;
    }

    public Task Refresh()
    {
        Volatile.Write(ref _refreshPending, 0);
        if (_attempt is { } current)
        {
            Broadcast(current);
        }

        return Task.CompletedTask;
    }

    public Task<bool> HandOver(string attempt, SiloAddress leaving)
    {
        if (_attempt is not { } current || current.Id != attempt || current.Abandoned || _end.Task.IsCompleted || _entry!.Options.Recovery is null)
        {
            return Task.FromResult(false);
        }

        _leaving.Add(leaving);
        if (!current.HandingOver)
        {
            LogHandingOver(logger, this.GetPrimaryKeyString(), leaving);
            current.HandingOver = true;
            current.Coordinator.RequestStop();
            Broadcast(current);
        }

        return Task.FromResult(true);
    }

    public async Task Lost(SiloAddress[] silos)
    {
        if (_attempt is not { } current || _end.Task.IsCompleted)
        {
            return;
        }

        var lost = Enumerable.Range(0, current.Silos.Length).Where(p => current.Silos[p] is { } at && Array.IndexOf(silos, at) >= 0).ToList();
        if (lost.Count == 0)
        {
            return;
        }

        if (!current.Abandoned)
        {
            LoseAttempt(current, $"silo {string.Join(", ", silos.Where(s => Array.IndexOf(current.Silos, s) >= 0))} (partitions {string.Join(", ", lost)})");
        }

        foreach (var partition in lost)
        {
            if (current.Retire(partition))
            {
                current.Coordinator.Retire(partition);
            }
        }

        Broadcast(current);
        await AfterRetirements(current);
    }

    public async Task<ExecutionEnd?> WaitForEnd(TimeSpan wait)
    {
        // Never started on this activation: the one that ran the execution was lost. A Start still loading the flow's
        // code is not that: a wait that comes in between is for this execution.
        if (_entry is null && _loading is null)
        {
            throw new InvalidOperationException($"execution '{this.GetPrimaryKeyString()}' is not running on this activation of its frontier: the one that ran it was lost with its silo");
        }

        if (await Task.WhenAny(_end.Task, Task.Delay(wait)) != _end.Task)
        {
            return null;
        }

        return await _end.Task;
    }

    public Task Forget()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deactivated.Cancel();
        _deactivated.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Begins the next attempt on the store and starts its partitions; one that cannot start (its silo is going) abandons the attempt.</summary>
    private async Task BeginAttempt()
    {
        var entry = _entry!;
        var store = entry.Options.Recovery;
        var executionId = this.GetPrimaryKeyString();
        // The frontier needs only where to resume: each partition reads its own state.
        var begun = store is null ? ResumePoint.Fresh : await Task.Run(() => store.BeginExecution(_partitionCount, SnapshotFilter.None));
        var id = Guid.NewGuid().ToString("N");
        var self = this.AsReference<IFrontierGrain>();
        var coordinator = new ExecutionCoordinator(_partitionCount, store, begun.Execution, entry.Flow.Id, logger);
        for (var p = 0; p < _partitionCount; p++)
        {
            // A store failure on the commit thread wakes the coordinator outside any turn: refresh in one.
            coordinator.SetWake(p, () =>
            {
                if (Interlocked.Exchange(ref _refreshPending, 1) == 0)
                {
                    self.Refresh().Ignore();
                }
            });
        }

        var attempt = new Attempt(id, coordinator,
            Enumerable.Range(0, _partitionCount).Select(p => GrainFactory.GetGrain<IPartitionGrain>($"{executionId}/{id}/{p}")).ToArray())
        {
            FirstEpoch = begun.Epoch,
        };
        var previousSilos = _attempt?.Silos;
        if (_attempt is { } previous)
        {
            (_earlierIn, _earlierOut) = (_earlierIn + previous.Totals.In, _earlierOut + previous.Totals.Out);
            DataflowMeters.Restarts.Add(1, DataflowMeters.Flow(entry.Flow.Id), new(DataflowMeters.ReasonTag, DataflowMeters.SiloLostReason));
        }

        using var activity = DataflowActivities.StartFor(previousSilos is null ? DataflowActivities.Start : DataflowActivities.Recover, entry.Flow.Id)?
            .SetTag(DataflowActivities.ExecutionTag, executionId).SetTag(DataflowActivities.EpochTag, begun.Epoch);

        _attempt = attempt;
        _attempts++;
        if (_stopRequested)
        {
            coordinator.RequestStop();
        }

        LogAttemptBegun(logger, executionId, _partitionCount, begun.Epoch, begun.Execution);
        var identity = entry.Shared ? entry.Identity : null;
        // Silos that are handing their partitions over are still active: placement must be told to pass them by.
        if (_leaving.Count > 0)
        {
            RequestContext.Set(PartitionPlacementDirector.ExcludedSilosKey, string.Join(' ', _leaving.Select(s => s.ToParsableString())));
        }

        var deployment = _deployment;
        var epochOrigin = entry.Options.Clock.GetUtcNow();
        var starts = attempt.Partitions.Select(async (partition, p) =>
        {
            if (deployment is not null)
            {
                await Unreachable.UntilThrough(() => partition.Prepare(deployment));
            }

            return await Unreachable.UntilThrough(() => partition.Start(new PartitionStart(p, _partitionCount, begun.Epoch, begun.Execution, identity, epochOrigin)));
        }).ToArray();
        RequestContext.Remove(PartitionPlacementDirector.ExcludedSilosKey);
        try
        {
            await Task.WhenAll(starts);
        }
        catch (Exception) when (starts.FirstOrDefault(s => s.IsFaulted && !Unreachable.Is(s.Exception)) is { } refused)
        {
            // A silo that loaded another flow (or none): the execution cannot run there, nor anywhere else.
            var error = refused.Exception!.GetBaseException();
            _failure ??= new FailureReport(error.Message, null, null, Array.IndexOf(starts, refused), null, null, FailureReport.SiloRefused, error.Message);
            coordinator.Fail(error);
        }
        catch (Exception) when (starts.FirstOrDefault(s => s.IsCanceled || Unreachable.Is(s.Exception)) is { } unreachable)
        {
            // Placed on a silo that is going before the membership knew: try again once the ones that started have left.
            // Orleans' error names the silo the call was addressed to.
            var why = unreachable.Exception is { } error ? Unreachable.Reason(error.GetBaseException()) : "the call could not be addressed";
            LoseAttempt(attempt, $"a silo: partition {Array.IndexOf(starts, unreachable)} could not start on it ({why})");
        }

        for (var p = 0; p < starts.Length; p++)
        {
            if (starts[p].IsCompletedSuccessfully)
            {
                attempt.Silos[p] = starts[p].Result;
                if (previousSilos?[p] is { } before && !before.Equals(attempt.Silos[p]))
                {
                    LogPartitionMoved(logger, executionId, p, before, attempt.Silos[p]!);
                }
            }
            else if (attempt.Retire(p))
            {
                coordinator.Retire(p);
            }
        }

        attempt.Started = true;
        if (!_begunNoticed && Array.TrueForAll(starts, s => s.IsCompletedSuccessfully))
        {
            _begunNoticed = true;
            Notice(notice => notice.Begun());
        }

        var gone = membership.CurrentSnapshot;
        if (attempt.Silos.OfType<SiloAddress>().Where(s => gone.GetSiloStatus(s).IsTerminating()).ToArray() is { Length: > 0 } going)
        {
            await Lost(going);
        }

        Broadcast(attempt);
        await AfterRetirements(attempt);
    }

    /// <summary>A silo of <paramref name="attempt"/> is gone (<paramref name="reason"/> names it): without a store the execution fails naming it; with one the attempt is left for the next.</summary>
    private void LoseAttempt(Attempt attempt, string reason)
    {
        if (_entry!.Options.Recovery is null)
        {
            _failure ??= new FailureReport($"the execution lost {reason}, and without a recovery store it cannot resume", null, null, -1, null, null, FailureReport.SiloLost, reason);
            attempt.Coordinator.Fail(new RemoteFailureException(FailureReport.SiloLost, reason));
            return;
        }

        if (!attempt.Abandoned)
        {
            LogAttemptLost(logger, this.GetPrimaryKeyString(), reason);
        }

        attempt.Abandoned = true;
    }

    /// <summary>Once every partition of <paramref name="attempt"/> has left: the next attempt after a loss, else the end.</summary>
    private async Task AfterRetirements(Attempt attempt)
    {
        if (!attempt.AllRetired || _attempt != attempt || _end.Task.IsCompleted)
        {
            return;
        }

        var coordinator = attempt.Coordinator;
        var storeFailure = await Task.Run(coordinator.CompleteCommits);
        if (attempt.HandingOver && !attempt.Abandoned && !_stopRequested && storeFailure is null && _failure is null
            && coordinator.Failure is null && !coordinator.IsAborted && coordinator.StopEpoch is not null)
        {
            // Every partition stopped after the same epoch, committed: the next attempt goes on from there.
            await BeginNextAttempt();
            return;
        }

        if (attempt.Abandoned && storeFailure is null && !coordinator.IsAborted)
        {
            var committed = _entry!.Options.Recovery is { } store ? coordinator.ClosedEpoch : 0;
            _recoveries = committed > _committedAtLastRecovery ? 1 : _recoveries + 1;
            _committedAtLastRecovery = Math.Max(committed, _committedAtLastRecovery);
            if (_recoveries <= MaxRecoveriesWithoutCommit)
            {
                await Task.Delay(_firstRetryDelay * _recoveries);
                await BeginNextAttempt();
                return;
            }

            _failure ??= new FailureReport($"the execution lost a silo {_recoveries} times in a row without committing an epoch between; it gives up", null, null, -1, null, null, FailureReport.SiloLost, "recovery gave up");
        }

        Finish(coordinator, storeFailure);
    }

    /// <summary>Begins the attempt after one that has ended; a failure to begin it (the store stayed locked, say) ends the execution with that failure.</summary>
    private async Task BeginNextAttempt()
    {
        if (!membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && !_leaving.Contains(m.SiloAddress)))
        {
            // The whole cluster is stopping: no attempt can be placed, and the execution has no end to record. Its
            // flow resumes from the last committed epoch when the cluster starts again.
            LogClusterStopping(logger, this.GetPrimaryKeyString());
            return;
        }

        try
        {
            await BeginAttempt();
        }
        catch (Exception e)
        {
            _entry!.RecordFailure(e);
            _failure ??= FailureReport.Of(e, -1, silo.SiloAddress.ToString());
            Finish(_attempt!.Coordinator, storeFailure: null);
        }
    }

    private void Finish(ExecutionCoordinator coordinator, Exception? storeFailure)
    {
        if (_failure is null && (coordinator.Failure ?? storeFailure) is { } engineFailure)
        {
            // Not a partition's: the store failed on the commit thread. Keep it as thrown for a caller in this process.
            _entry!.RecordFailure(engineFailure);
            _failure = FailureReport.Of(engineFailure, -1, silo.SiloAddress.ToString());
        }

        var outcome = coordinator.IsAborted ? ExecutionOutcome.Aborted
            : coordinator.IsStopRequested && coordinator.StopEpoch is not null ? ExecutionOutcome.Stopped
            : ExecutionOutcome.Completed;
        var end = new ExecutionEnd(outcome, coordinator.ClosedEpoch, _failure);
        _end.TrySetResult(end);
        Notice(notice => notice.Ended(end));
        foreach (var partition in _attempt!.Partitions)
        {
            partition.End().Ignore();
        }
    }

    /// <summary>Sends <paramref name="send"/> to every active silo's <see cref="IExecutionNoticeGrain"/> of a shared execution, whose processes wait on it; nothing for another execution.</summary>
    /// <remarks>
    /// Each notice is sent again while its call never got through to a silo not declared dead: a process whose silo
    /// got no partition learns that the execution began from this notice alone, and without it would end with an
    /// error at its startup timeout while the execution ran on.
    /// </remarks>
    private void Notice(Func<IExecutionNoticeGrain, Task> send)
    {
        if (!_entry!.Shared)
        {
            return;
        }

        var executionId = this.GetPrimaryKeyString();
        foreach (var member in membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active))
        {
            // Placed by the hint on the silo it is for: Orleans' placements honour it when that silo can take the grain.
            RequestContext.Set(IPlacementDirector.PlacementHintKey, member.SiloAddress);
            var notice = GrainFactory.GetGrain<IExecutionNoticeGrain>(ExecutionNoticeGrain.KeyOf(executionId, member.SiloAddress));
            Unreachable.UntilThrough(() => send(notice)).Ignore();
        }

        RequestContext.Remove(IPlacementDirector.PlacementHintKey);
    }

    /// <summary>Pushes the decisions to every partition of <paramref name="attempt"/> when they changed since the last push.</summary>
    private void Broadcast(Attempt attempt)
    {
        var coordinator = attempt.Coordinator;
        var failure = _failure ?? (coordinator.Failure is { } engine ? FailureReport.Of(engine, -1, silo.SiloAddress.ToString()) : null);
        var decisions = new FrontierDecisions(failure, coordinator.IsAborted, coordinator.IsStopRequested, coordinator.StopEpoch, attempt.Abandoned, coordinator.Committed);
        if (decisions == attempt.Sent)
        {
            return;
        }

        Debug.Assert(decisions.Follows(attempt.Sent), $"the frontier took back a decision it had pushed: {attempt.Sent} -> {decisions}");
        attempt.Sent = decisions;
        foreach (var partition in attempt.Partitions)
        {
            partition.Apply(decisions).Ignore();
        }
    }

    /// <summary>Counts every partition of the started attempt that has not reported for <see cref="ExecutionOptions.SilentPartitionLimit"/> as lost, as its silo would be: one that left without being heard (told by another activation of this frontier that it ran no such attempt, say) would otherwise hold the execution for good.</summary>
    private async Task LoseSilentPartitions()
    {
        if (_end.Task.IsCompleted)
        {
            _silenceTimer?.Dispose();
            return;
        }

        if (_attempt is not { Started: true, Abandoned: false } attempt)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var limit = _entry!.Options.SilentPartitionLimit;
        var silent = Enumerable.Range(0, attempt.Partitions.Length)
            .Where(p => !attempt.Retired[p] && attempt.ReportedAt[p] != 0 && Stopwatch.GetElapsedTime(attempt.ReportedAt[p], now) >= limit)
            .ToList();
        if (silent.Count == 0)
        {
            return;
        }

        LoseAttempt(attempt, $"partition{(silent.Count == 1 ? "" : "s")} {string.Join(", ", silent.Select(p => $"{p} on silo {attempt.Silos[p]}"))}: not heard from for {limit.TotalSeconds:0} s, its silo still in the cluster");
        foreach (var p in silent.Where(attempt.Retire))
        {
            attempt.Coordinator.Retire(p);
        }

        Broadcast(attempt);
        await AfterRetirements(attempt);
    }

    /// <summary>Logs where each partition is when the attempt has closed no epoch for <see cref="ExecutionOptions.StallWarningAfter"/>; stops looking once the execution has ended.</summary>
    private Task WarnIfStalled(StallWatch stalls)
    {
        if (_end.Task.IsCompleted)
        {
            _stallTimer?.Dispose();
        }
        else if (_attempt is { } attempt && stalls.Check(attempt, attempt.Coordinator.ClosedEpoch) is { } stalled)
        {
            var state = attempt.Abandoned ? "abandoned, waiting for its partitions to leave" : "running";
            LogStalled(logger, this.GetPrimaryKeyString(), (long)stalled.TotalSeconds, attempt.Coordinator.ClosedEpoch, attempt.Id, state, StallWatch.Describe(attempt));
        }

        return Task.CompletedTask;
    }

    /// <summary>Tells this frontier, in a turn of its own, of every silo the membership declares dead or stopping.</summary>
    private async Task WatchMembership(IFrontierGrain self, CancellationToken deactivated)
    {
        var dead = new HashSet<SiloAddress>();
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(deactivated))
        {
            foreach (var member in snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress)))
            {
                LogSiloDead(logger, this.GetPrimaryKeyString(), member.SiloAddress);
            }

            var going = snapshot.Members.Values.Where(m => m.Status.IsTerminating()).Select(m => m.SiloAddress).ToArray();
            if (going.Length > 0)
            {
                await self.Lost(going);
            }
        }
    }

    [LoggerMessage(EventId = DataflowEventIds.ExecutionStalled, Level = LogLevel.Warning, Message = "Execution '{Execution}' has closed no epoch for {Seconds} s (every partition closed {ClosedEpoch}; attempt {Attempt}, {State}): {Partitions}")]
    private static partial void LogStalled(ILogger logger, string execution, long seconds, long closedEpoch, string attempt, string state, string partitions);

    [LoggerMessage(EventId = DataflowEventIds.PartitionMoved, Level = LogLevel.Information, Message = "Execution '{Execution}': partition {Partition} moved from silo {From} to silo {To}")]
    private static partial void LogPartitionMoved(ILogger logger, string execution, int partition, SiloAddress from, SiloAddress to);

    [LoggerMessage(EventId = DataflowEventIds.ExecutionStarted, Level = LogLevel.Information, Message = "Execution '{Execution}' starts {Partitions} partitions at epoch {Epoch} (store execution {StoreExecution})")]
    private static partial void LogAttemptBegun(ILogger logger, string execution, int partitions, long epoch, long storeExecution);

    [LoggerMessage(EventId = DataflowEventIds.ExecutionLost, Level = LogLevel.Warning, Message = "Execution '{Execution}' lost {Reason}; it resumes from its last committed epoch on the silos that remain")]
    private static partial void LogAttemptLost(ILogger logger, string execution, string reason);

    [LoggerMessage(EventId = DataflowEventIds.SiloLost, Level = LogLevel.Warning, Message = "Execution '{Execution}': out of the cluster (stopped, or declared dead): silo {Silo}")]
    private static partial void LogSiloDead(ILogger logger, string execution, SiloAddress silo);

    [LoggerMessage(EventId = DataflowEventIds.ClusterStopping, Level = LogLevel.Information, Message = "Execution '{Execution}' waits: every silo is stopping; it resumes from its last committed epoch when the cluster starts again")]
    private static partial void LogClusterStopping(ILogger logger, string execution);

    [LoggerMessage(EventId = DataflowEventIds.SiloHandingOver, Level = LogLevel.Information, Message = "Execution '{Execution}': silo {Silo} is stopping; its partitions are handed over after the current epoch")]
    private static partial void LogHandingOver(ILogger logger, string execution, SiloAddress silo);
}

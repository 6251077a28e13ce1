using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Grains.Partitions;

namespace Orleans.Dataflow.Grains.Coordination;

/// <summary>The frontier of one execution: begins it on the recovery store, starts its partitions, applies their reports, and decides commits, the stop epoch, the first failure and the end.</summary>
/// <remarks>
/// Its <see cref="ExecutionCoordinator"/> holds every partition's closed epoch and commits, on a thread of its own,
/// the latest epoch all have closed. Each turn that changes a decision pushes the decisions to every partition.
/// Not reentrant: reports are applied one call at a time, each partition's in the order it sent them.
/// </remarks>
internal sealed class FrontierGrain(DataflowExecutionCatalog catalog, ILocalSiloDetails silo) : Grain, IFrontierGrain
{
    private readonly TaskCompletionSource<ExecutionEnd> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ExecutionEntry? _entry;
    private ExecutionCoordinator? _coordinator;
    private IPartitionGrain[] _partitions = [];
    private bool[] _retired = [];
    private int _retiredCount;
    private bool _finishing;
    private FailureReport? _failure;
    private FrontierDecisions _sent = FrontierDecisions.None;
    private int _refreshPending;

    public async Task Start(int partitionCount)
    {
        if (_entry is not null)
        {
            throw new InvalidOperationException($"execution '{this.GetPrimaryKeyString()}' is started already");
        }

        var executionId = this.GetPrimaryKeyString();
        var entry = catalog.Get(executionId);
        _entry = entry;
        var store = entry.Options.Recovery;
        long resumeEpoch;
        try
        {
            resumeEpoch = store is null ? DataflowExecution.FirstEpoch : (await Task.Run(() => store.BeginExecution(partitionCount))).Epoch;
        }
        catch (Exception e)
        {
            entry.RecordFailure(e);
            throw;
        }

        var self = this.AsReference<IFrontierGrain>();
        _coordinator = new ExecutionCoordinator(partitionCount, store, entry.Flow.Id);
        for (var p = 0; p < partitionCount; p++)
        {
            // A store failure on the commit thread wakes the coordinator outside any turn: refresh in one.
            _coordinator.SetWake(p, () =>
            {
                if (Interlocked.Exchange(ref _refreshPending, 1) == 0)
                {
                    self.Refresh().Ignore();
                }
            });
        }

        _retired = new bool[partitionCount];
        _partitions = Enumerable.Range(0, partitionCount).Select(p => GrainFactory.GetGrain<IPartitionGrain>($"{executionId}/{p}")).ToArray();
        await Task.WhenAll(_partitions.Select((partition, p) => partition.Start(new PartitionStart(p, partitionCount, resumeEpoch))));
    }

    public async Task Report(int partition, PartitionReport[] reports)
    {
        var coordinator = _coordinator ?? throw new InvalidOperationException("a partition reported before its execution started");
        foreach (var report in reports)
        {
            switch (report.Kind)
            {
                case PartitionReportKind.Failed:
                    _failure ??= report.Failure;
                    coordinator.Fail(new RemoteFailureException(report.Failure?.CauseType ?? "unknown", report.Failure?.Message ?? "a partition failed"));
                    break;
                case PartitionReportKind.Aborted:
                    coordinator.Abort();
                    break;
                case PartitionReportKind.StopEpoch:
                    coordinator.PublishStopEpoch(partition, report.Epoch);
                    break;
                case PartitionReportKind.Retired:
                    if (!_retired[partition])
                    {
                        _retired[partition] = true;
                        _retiredCount++;
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

        Broadcast();
        if (_retiredCount == _retired.Length && !_finishing)
        {
            _finishing = true;
            await Finish(coordinator);
        }
    }

    public Task RequestStop()
    {
        _coordinator?.RequestStop();
        Broadcast();
        return Task.CompletedTask;
    }

    public Task Refresh()
    {
        Volatile.Write(ref _refreshPending, 0);
        Broadcast();
        return Task.CompletedTask;
    }

    public async Task<ExecutionEnd?> WaitForEnd(TimeSpan wait)
    {
        if (await Task.WhenAny(_end.Task, Task.Delay(wait)) != _end.Task)
        {
            return null;
        }

        DeactivateOnIdle();
        return await _end.Task;
    }

    private async Task Finish(ExecutionCoordinator coordinator)
    {
        var storeFailure = await Task.Run(coordinator.CompleteCommits);
        if (_failure is null && (coordinator.Failure ?? storeFailure) is { } engineFailure)
        {
            // Not a partition's: the store failed on the commit thread. Keep it as thrown for a caller in this process.
            _entry!.RecordFailure(engineFailure);
            _failure = FailureReport.Of(engineFailure, -1, silo.SiloAddress.ToString());
        }

        var outcome = coordinator.IsAborted ? ExecutionOutcome.Aborted
            : coordinator.IsStopRequested && coordinator.StopEpoch is not null ? ExecutionOutcome.Stopped
            : ExecutionOutcome.Completed;
        _end.TrySetResult(new ExecutionEnd(outcome, coordinator.ClosedEpoch, _failure));
        foreach (var partition in _partitions)
        {
            partition.End().Ignore();
        }
    }

    /// <summary>Pushes the decisions to every partition when they changed since the last push.</summary>
    private void Broadcast()
    {
        if (_coordinator is not { } coordinator)
        {
            return;
        }

        var failure = _failure ?? (coordinator.Failure is { } engine ? FailureReport.Of(engine, -1, silo.SiloAddress.ToString()) : null);
        var decisions = new FrontierDecisions(failure, coordinator.IsAborted, coordinator.IsStopRequested, coordinator.StopEpoch);
        if (decisions == _sent)
        {
            return;
        }

        _sent = decisions;
        foreach (var partition in _partitions)
        {
            partition.Apply(decisions).Ignore();
        }
    }
}

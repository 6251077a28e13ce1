using Microsoft.Extensions.Logging;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Grains.Observability;
using Orleans.Dataflow.Grains.Partitions;
using Orleans.Placement;

namespace Orleans.Dataflow.Grains.Flows;

/// <summary>A deployed flow: keeps its record in grain storage, starts its execution's frontier, records how it ended, and starts the frontier again when it was lost with its silo.</summary>
/// <remarks>
/// Placed on the silo of its first caller, like the frontier it activates, so that a run keeps both on its own silo.
/// Waits interleave (several processes of a cluster run wait on one flow); writes of the record are serialized.
/// </remarks>
[PreferLocalPlacement]
internal sealed partial class FlowGrain(
    [PersistentState("flow", FlowStorage.Name)] IPersistentState<FlowRecord> record,
    DataflowExecutionCatalog catalog,
    ILocalSiloDetails silo,
    ILogger<FlowGrain> logger) : Grain, IFlowGrain
{
    /// <summary>How many times the frontier is started again after being lost before the flow fails: a flow whose frontier's silo keeps dying is not making progress.</summary>
    private const int MaxFrontierRestarts = 10;

    private static readonly TimeSpan _restartDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan _watchWait = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan _firstFailureBackoff = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _writes = new(1, 1);
    private Task? _restarting;
    private IGrainTimer? _watch;
    private int _unsentWaits;
    private int _unansweredWaits;
    private bool _restartingAfterFailure;
    private Task? _deploying;
    private bool _stopWhenStarted;

    private string DeploymentId => this.GetPrimaryKeyString();

    public async Task Submit(FlowDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (record.State.Deployment is not null)
        {
            throw new FlowExistsException(DeploymentId);
        }

        using var activity = DataflowActivities.StartFor(DataflowActivities.Submit, FlowTagOf(deployment));
        LogSubmitted(logger, DeploymentId, deployment.Definition.Source?.FileName ?? deployment.Definition.Origin);
        await Deploy(deployment);
    }

    public Task Deploy(FlowDeployment deployment) => Deploying(() => DeployExecution(deployment));

    /// <summary>Records <paramref name="deployment"/> and starts its execution, as <see cref="Deploy"/> says.</summary>
    private async Task DeployExecution(FlowDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        using var activity = DataflowActivities.StartFor(DataflowActivities.Deploy, FlowTagOf(deployment))?.SetTag(DataflowActivities.ExecutionTag, deployment.ExecutionId);
        var current = record.State;
        if (current.Deployment?.ExecutionId == deployment.ExecutionId)
        {
            if (current.End is null)
            {
                await StartFrontier(current.Deployment);
                if (current.Deployment.Definition.Source is not null)
                {
                    WatchEnd();
                }
            }

            return;
        }

        if (current.Deployment is { } other && current.End is null)
        {
            throw new InvalidOperationException($"flow '{DeploymentId}' runs execution '{other.ExecutionId}' already: stop it before deploying another");
        }

        if (deployment.Definition.Source is { } source)
        {
            // Loaded here first, so that code that does not compile is refused before anything is recorded, and the
            // record names the flow and its steps.
            var loaded = await catalog.LoadAsync(deployment);
            deployment = deployment with { Definition = FlowDefinition.Of(loaded.Flow, source.FileName, deployment.Definition.Arguments) with { Source = source } };
            await GrainFactory.GetGrain<IFlowRegistryGrain>(IFlowRegistryGrain.Key).Add(DeploymentId);
        }

        await Persist(state =>
        {
            state.Deployment = deployment;
            state.DesiredState = FlowDesiredState.Running;
            state.End = null;
            state.EndedAt = null;
            state.FrontierRestarts = 0;
            state.Progress = null;
            state.DeployedAt = DateTimeOffset.UtcNow;
        });
        LogDeployed(logger, DeploymentId, deployment.Definition.FlowId, deployment.Definition.Origin, deployment.Settings.PartitionCount, deployment.ExecutionId);
        try
        {
            await StartFrontier(deployment);
        }
        catch (Exception e)
        {
            await RecordEnd(new ExecutionEnd(ExecutionOutcome.Aborted, -1, FailureReport.Of(e, -1, silo.SiloAddress.ToString())));
            throw;
        }

        if (deployment.Definition.Source is not null)
        {
            // Watched once its frontier runs: a watch that asked a frontier still starting would take it for one lost.
            WatchEnd();
        }
    }

    public async Task<bool> Stop()
    {
        if (_deploying is { IsCompleted: false })
        {
            // A submit, resume or restart is between loading its execution's code and starting it: it stops the
            // execution once its frontier runs, as a stop of a running flow would.
            _stopWhenStarted = true;
            LogStopRequested(logger, DeploymentId, record.State.Deployment?.ExecutionId ?? "(loading)");
            return true;
        }

        if (record.State.Deployment is not { } deployment)
        {
            throw new FlowNotDeployedException(DeploymentId);
        }

        if (record.State.End is { } end)
        {
            if (!_restartingAfterFailure && !RestartsAfter(deployment, end))
            {
                return false;
            }

            // A failed execution about to be restarted, or waiting out its backoff: wanted stopped, it is not.
            LogStopRequested(logger, DeploymentId, deployment.ExecutionId);
            await Persist(state => state.DesiredState = FlowDesiredState.Stopped);
            return true;
        }

        LogStopRequested(logger, DeploymentId, deployment.ExecutionId);
        await StopExecution(deployment);
        return true;
    }

    /// <summary>Runs <paramref name="deploy"/>, which starts an execution, and stops that execution if a stop came meanwhile.</summary>
    /// <remarks>
    /// <see cref="Stop"/> answers between calls, so that a stop during a submit whose code takes minutes to compile
    /// neither times out nor waits for it. A deploy is not interleaved with it: the stop is noted here and applied
    /// once the new execution runs, rather than finding the previous execution ended and doing nothing.
    /// </remarks>
    private async Task Deploying(Func<Task> deploy)
    {
        if (_deploying is { IsCompleted: false })
        {
            // A restart's deploy interleaved with a caller's: the outer one applies the stop.
            await deploy();
            return;
        }

        var deploying = deploy();
        _deploying = deploying;
        try
        {
            await deploying;
        }
        finally
        {
            if (_stopWhenStarted)
            {
                // Also when the deploy failed: the stop is for whatever execution runs, which may be one that was
                // running before and refused the deploy.
                _stopWhenStarted = false;
                if (record.State is { Deployment: { } running, End: null })
                {
                    await StopExecution(running);
                }
            }
        }
    }

    /// <summary>Records that the flow is wanted stopped and asks <paramref name="deployment"/>'s frontier to stop after the current epoch.</summary>
    private async Task StopExecution(FlowDeployment deployment)
    {
        await Persist(state => state.DesiredState = FlowDesiredState.Stopped);
        await Frontier(deployment).RequestStop();
    }

    public async Task Resume()
    {
        var deployment = record.State.Deployment ?? throw new FlowNotDeployedException(DeploymentId);
        if (record.State.End is null)
        {
            return;
        }

        if (deployment.Definition.Source is null)
        {
            throw new InvalidOperationException($"flow '{DeploymentId}' was deployed by a run, which holds its code: run it again to resume it");
        }

        await Deploying(async () =>
        {
            await Persist(state => state.FailureRestarts = 0);
            await DeployExecution(deployment with { ExecutionId = FlowDeployment.NewExecutionId(DeploymentId) });
        });
    }

    public async Task<FlowRecord> Describe()
    {
        if (record.State is { Deployment: { } deployment, End: null })
        {
            await RefreshProgress(deployment);
        }

        return record.State;
    }

    public async Task<ExecutionEnd?> WaitForEnd(TimeSpan wait)
    {
        var end = await ObserveEnd(wait);
        // While a restart is under way the old end is still recorded, but the restart no longer counts among those left.
        return end is not null && (_restartingAfterFailure || (record.State.Deployment is { } deployment && RestartsAfter(deployment, end))) ? null : end;
    }

    /// <summary>Waits up to <paramref name="wait"/> for the current execution's end and records it; null while it runs.</summary>
    private async Task<ExecutionEnd?> ObserveEnd(TimeSpan wait)
    {
        if (record.State.End is { } ended)
        {
            return ended;
        }

        if (_deploying is { IsCompleted: false } deploying)
        {
            // The deploy records the execution before it starts its frontier: asked in between, the frontier would
            // answer that it runs nothing, as one activated again after its silo was lost does.
            await Task.WhenAny(deploying, Task.Delay(wait));
            return null;
        }

        var deployment = record.State.Deployment ?? throw new FlowNotDeployedException(DeploymentId);
        ExecutionEnd? end;
        try
        {
            end = await Frontier(deployment).WaitForEnd(wait);
            _unsentWaits = 0;
            _unansweredWaits = 0;
        }
        catch (OperationCanceledException) when (++_unsentWaits < Unreachable.UnsentCallRetries)
        {
            // Orleans could not address the call while the grain directory changes after a silo loss: the caller asks again.
            await Task.Delay(Unreachable.UnsentCallDelay);
            return null;
        }
        catch (Exception e) when (e.GetBaseException() is TimeoutException && ++_unansweredWaits < Unreachable.UnansweredWaitRetries)
        {
            // Late, not lost: a frontier on a live silo that a busy machine stalled answers the next wait.
            return null;
        }
        catch (Exception e) when (Unreachable.Is(e) || e is InvalidOperationException)
        {
            if (e is not InvalidOperationException && await FrontierRuns(deployment))
            {
                // The call failed on its way (a connection that broke), not with the frontier's silo: without a store,
                // taking the frontier for lost would fail a flow that runs; the next wait asks it again.
                _unansweredWaits = 0;
                return null;
            }

            // The frontier's silo is gone, or its grain was activated again elsewhere and runs nothing. Starting it again
            // may take longer than this call may: waits share one restart, each for its own time.
            if (_restarting is null || _restarting.IsCompleted)
            {
                _restarting = RestartFrontier(deployment, e);
            }

            var restarting = _restarting;
            if (await Task.WhenAny(restarting, Task.Delay(wait)) == restarting)
            {
                await restarting;
            }

            return record.State.End;
        }

        if (end is not null && record.State.End is null)
        {
            // The frontier still holds its partitions' final reports: kept with the end, for status after it has gone.
            await RefreshProgress(deployment);
            await RecordEnd(end);
        }

        return end;
    }

    public async Task Forget()
    {
        if (record.State.Deployment is { } deployment)
        {
            try
            {
                await Frontier(deployment).Forget();
            }
            catch (Exception e) when (Unreachable.Is(e))
            {
                // Its silo is gone, and its activation with it.
            }
        }

        if (record.State.Deployment?.Definition.Source is not null)
        {
            await GrainFactory.GetGrain<IFlowRegistryGrain>(IFlowRegistryGrain.Key).Remove(DeploymentId);
        }

        await _writes.WaitAsync();
        try
        {
            await record.ClearStateAsync();
        }
        finally
        {
            _writes.Release();
        }

        DeactivateOnIdle();
    }

    /// <summary>Whether the frontier of <paramref name="deployment"/> answers that it runs the execution; false when it cannot be reached or runs nothing (activated again after its silo was lost).</summary>
    /// <remarks>Its status answers between other calls, at once: a frontier that answers it is alive, however late its answers to waits.</remarks>
    private async Task<bool> FrontierRuns(FlowDeployment deployment)
    {
        try
        {
            return await Frontier(deployment).Status() is not null;
        }
        catch (Exception e) when (Unreachable.Is(e))
        {
            return false;
        }
    }

    /// <summary>Takes the execution's progress from its frontier into the record (written with its next change); keeps the last one when the frontier cannot tell (lost with its silo, or started again and not yet reported to).</summary>
    private async Task RefreshProgress(FlowDeployment deployment)
    {
        try
        {
            record.State.Progress = await Frontier(deployment).Status() ?? record.State.Progress;
        }
        catch (Exception e) when (Unreachable.Is(e))
        {
            // Status is for people: what the flow did last is better than no answer.
        }
    }

    /// <summary>The flow's id for metrics and traces, as its partitions tag theirs: the flow's own id, or, before its code was loaded, the id it was submitted under.</summary>
    private string FlowTagOf(FlowDeployment deployment) => deployment.Definition.FlowId is { Length: > 0 } flowId ? flowId : DeploymentId;

    private IFrontierGrain Frontier(FlowDeployment deployment) => GrainFactory.GetGrain<IFrontierGrain>(deployment.ExecutionId);

    /// <summary>Keeps this activation and records the end of a submitted flow, which no caller waits on; then lets this silo's copy of its code and store go.</summary>
    private void WatchEnd()
    {
        _watch ??= this.RegisterGrainTimer(async () =>
        {
            var end = await ObserveEnd(_watchWait);
            if (end is not null && record.State.Deployment is { } deployment)
            {
                _watch?.Dispose();
                _watch = null;
                catalog.Unload(deployment.ExecutionId);
                await RestartAfterFailure(deployment, end);
            }
        }, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(1)) { KeepAlive = true, Interleave = true });
    }

    /// <summary>Whether a submitted flow whose execution ended with <paramref name="end"/> is started again: it failed, it can resume, it is wanted running, and it has restarts left. Waiters wait on.</summary>
    private bool RestartsAfter(FlowDeployment deployment, ExecutionEnd end)
        => end.Failure is not null && deployment.Definition.Source is not null && deployment.Settings.Recoverable
            && record.State.DesiredState == FlowDesiredState.Running && record.State.FailureRestarts < deployment.Settings.MaxFailureRestarts;

    /// <summary>Starts a submitted flow whose execution failed again, as a new execution resuming from the last committed epoch, after a backoff that doubles each time; once it has failed <see cref="FlowSettings.MaxFailureRestarts"/> times after a restart, it stays failed.</summary>
    private async Task RestartAfterFailure(FlowDeployment deployment, ExecutionEnd end)
    {
        if (!RestartsAfter(deployment, end))
        {
            return;
        }

        _restartingAfterFailure = true;
        try
        {
            await RestartNow(deployment, end);
        }
        finally
        {
            _restartingAfterFailure = false;
        }
    }

    /// <summary>Waits out the backoff, then deploys <paramref name="deployment"/> again as a new execution.</summary>
    private async Task RestartNow(FlowDeployment deployment, ExecutionEnd end)
    {
        var restarts = record.State.FailureRestarts;
        await Task.Delay(_firstFailureBackoff * (1 << Math.Min(restarts, 10)));
        if (record.State.DesiredState == FlowDesiredState.Stopped)
        {
            // Stopped during the backoff: the flow stays as it ended.
            return;
        }

        // Counted before it deploys, so that a silo lost during the deploy does not give the flow a restart more.
        await Persist(state => state.FailureRestarts = restarts + 1);
        if (record.State.DesiredState == FlowDesiredState.Stopped)
        {
            // Stopped while the count was written: this restart does not run, so it does not count.
            await Persist(state => state.FailureRestarts = restarts);
            return;
        }

        var next = deployment with { ExecutionId = FlowDeployment.NewExecutionId(DeploymentId) };
        using var activity = DataflowActivities.StartFor(DataflowActivities.Restart, FlowTagOf(deployment))?
            .SetTag(DataflowActivities.ExecutionTag, next.ExecutionId).SetTag(DataflowMeters.ReasonTag, DataflowMeters.FailureReason);
        DataflowMeters.Restarts.Add(1, DataflowMeters.Flow(FlowTagOf(deployment)), new(DataflowMeters.ReasonTag, DataflowMeters.FailureReason));
        LogRestartingAfterFailure(logger, DeploymentId, restarts + 1, deployment.Settings.MaxFailureRestarts, next.ExecutionId, end.Failure?.Message ?? "");
        try
        {
            await Deploy(next);
        }
        catch (Exception e)
        {
            // Recorded as the flow's end by Deploy: what status shows.
            LogRestartFailed(logger, DeploymentId, e.Message, e);
        }
    }

    /// <summary>Starts the frontier of <paramref name="deployment"/>'s execution unless it runs already (false), and asks it to stop at once when a stop was wanted.</summary>
    private async Task<bool> StartFrontier(FlowDeployment deployment)
    {
        var frontier = Frontier(deployment);
        if (!await frontier.Start(deployment.Settings.PartitionCount, deployment))
        {
            return false;
        }

        if (record.State.DesiredState == FlowDesiredState.Stopped)
        {
            await frontier.RequestStop();
        }

        return true;
    }

    /// <summary>Starts the lost frontier of <paramref name="deployment"/> again, which resumes the execution from the recovery store; without one, or once lost too often, records the flow as failed.</summary>
    private async Task RestartFrontier(FlowDeployment deployment, Exception lost)
    {
        var restarts = record.State.FrontierRestarts;
        if (!deployment.Settings.Recoverable || restarts >= MaxFrontierRestarts)
        {
            var why = deployment.Settings.Recoverable ? $"it was started again {MaxFrontierRestarts} times already" : "without a recovery store the execution cannot resume";
            var message = $"the frontier of execution '{deployment.ExecutionId}' was lost with its silo, and {why}: {Unreachable.Reason(lost.GetBaseException())}";
            await RecordEnd(new ExecutionEnd(ExecutionOutcome.Aborted, -1,
                new FailureReport(message, null, null, -1, null, null, FailureReport.SiloLost, Unreachable.Reason(lost.GetBaseException()))));
            return;
        }

        await Task.Delay(_restartDelay);
        var began = DateTimeOffset.UtcNow;
        try
        {
            if (!await StartFrontier(deployment))
            {
                return;
            }
        }
        catch (Exception again) when (Unreachable.Is(again))
        {
            // Not placeable yet while the cluster learns of the lost silo: the next wait tries again.
            return;
        }

        // Traced from the start of the attempt, once it restarted the frontier: an attempt that found it running, or
        // could not place it yet, restarted nothing, and a trace of it would show a restart that never was.
        using var activity = DataflowActivities.StartFor(DataflowActivities.Restart, FlowTagOf(deployment), began)?
            .SetTag(DataflowActivities.ExecutionTag, deployment.ExecutionId).SetTag(DataflowMeters.ReasonTag, DataflowMeters.FrontierLostReason);
        await Persist(state => state.FrontierRestarts = restarts + 1);
        DataflowMeters.Restarts.Add(1, DataflowMeters.Flow(FlowTagOf(deployment)), new(DataflowMeters.ReasonTag, DataflowMeters.FrontierLostReason));
        LogFrontierRestarted(logger, DeploymentId, deployment.ExecutionId, restarts + 1, Unreachable.Reason(lost.GetBaseException()));
    }

    /// <summary>Records <paramref name="end"/> as the execution's end, counting a failure and logging it, unless an end is recorded already.</summary>
    /// <remarks>
    /// Every process of a shared execution waits on this grain, and their waits interleave: each may get the end before
    /// any has recorded it. Only the first records, counts and logs it, so a failure is counted once, not once per process.
    /// </remarks>
    private async Task RecordEnd(ExecutionEnd end)
    {
        if (record.State.End is not null)
        {
            return;
        }

        var first = false;
        await Persist(state =>
        {
            if (state.End is not null)
            {
                return;
            }

            if (end.Failure is not null)
            {
                // Counted before the end is recorded: a waiter that sees the end may look at the count at once.
                DataflowMeters.Failures.Add(1, DataflowMeters.Flow(state.Deployment is { } deployment ? FlowTagOf(deployment) : DeploymentId));
            }

            state.End = end;
            state.EndedAt = DateTimeOffset.UtcNow;
            first = true;
        });
        if (!first)
        {
            return;
        }

        var recorded = record.State.End!;
        if (recorded.Failure is { } failure)
        {
            LogFailed(logger, DeploymentId, record.State.Status, recorded.ClosedEpoch, failure.Message);
        }
        else
        {
            LogEnded(logger, DeploymentId, record.State.Status, recorded.ClosedEpoch);
        }
    }

    /// <summary>Changes the record with <paramref name="change"/> and writes it, one write at a time.</summary>
    private async Task Persist(Action<FlowRecord> change)
    {
        await _writes.WaitAsync();
        try
        {
            change(record.State);
            await record.WriteStateAsync();
        }
        finally
        {
            _writes.Release();
        }
    }

    [LoggerMessage(EventId = DataflowEventIds.FlowSubmitted, Level = LogLevel.Information, Message = "Flow '{Deployment}' submitted from {File}")]
    private static partial void LogSubmitted(ILogger logger, string deployment, string file);

    [LoggerMessage(EventId = DataflowEventIds.FlowStopRequested, Level = LogLevel.Information, Message = "Flow '{Deployment}': stop requested; execution '{Execution}' stops after an epoch every partition closes")]
    private static partial void LogStopRequested(ILogger logger, string deployment, string execution);

    [LoggerMessage(EventId = DataflowEventIds.FlowFailed, Level = LogLevel.Error, Message = "Flow '{Deployment}' ended: {Status} at epoch {Epoch}: {Failure}")]
    private static partial void LogFailed(ILogger logger, string deployment, FlowStatus status, long epoch, string failure);

    [LoggerMessage(EventId = DataflowEventIds.FlowRestarting, Level = LogLevel.Warning, Message = "Flow '{Deployment}' failed; restart {Restart} of {MaxRestarts} from its last committed epoch as execution '{Execution}': {Failure}")]
    private static partial void LogRestartingAfterFailure(ILogger logger, string deployment, int restart, int maxRestarts, string execution, string failure);

    [LoggerMessage(EventId = DataflowEventIds.FlowRestartFailed, Level = LogLevel.Error, Message = "Flow '{Deployment}' could not be started again: {Reason}")]
    private static partial void LogRestartFailed(ILogger logger, string deployment, string reason, Exception error);

    [LoggerMessage(EventId = DataflowEventIds.FlowStarted, Level = LogLevel.Information, Message = "Flow '{Deployment}' deployed: '{FlowId}' from {Origin} on {Partitions} partitions, execution '{Execution}'")]
    private static partial void LogDeployed(ILogger logger, string deployment, string flowId, string origin, int partitions, string execution);

    [LoggerMessage(EventId = DataflowEventIds.FrontierRestarted, Level = LogLevel.Warning, Message = "Flow '{Deployment}': the frontier of execution '{Execution}' was lost ({Reason}); started again (restart {Restart}), it resumes from the recovery store")]
    private static partial void LogFrontierRestarted(ILogger logger, string deployment, string execution, int restart, string reason);

    [LoggerMessage(EventId = DataflowEventIds.FlowEnded, Level = LogLevel.Information, Message = "Flow '{Deployment}' ended: {Status} at epoch {Epoch}")]
    private static partial void LogEnded(ILogger logger, string deployment, FlowStatus status, long epoch);
}

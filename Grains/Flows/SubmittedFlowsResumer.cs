using Microsoft.Extensions.Logging;
using Orleans.Dataflow.Grains.Observability;

namespace Orleans.Dataflow.Grains.Flows;

/// <summary>When a silo starts, deploys again every submitted flow whose record says it is running: after the whole cluster was stopped, each resumes from its last committed epoch.</summary>
/// <remarks>
/// Runs once the silo is active, in the background, so that a flow that cannot resume (its code no longer loads, its
/// store is gone) neither delays nor fails the start; its error is logged. Every silo of a cluster does it, which is
/// harmless: deploying the execution that runs already changes nothing.
/// </remarks>
internal sealed partial class SubmittedFlowsResumer(IGrainFactory grains, ILogger<SubmittedFlowsResumer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(SubmittedFlowsResumer), ServiceLifecycleStage.Active, _ =>
        {
            Task.Run(ResumeAll).Ignore();
            return Task.CompletedTask;
        });

    private async Task ResumeAll()
    {
        IReadOnlyList<string> ids;
        try
        {
            ids = await grains.GetGrain<IFlowRegistryGrain>(IFlowRegistryGrain.Key).List();
        }
        catch (Exception e)
        {
            LogRegistryUnreadable(logger, e.Message, e);
            return;
        }

        foreach (var id in ids)
        {
            try
            {
                var flow = grains.GetGrain<IFlowGrain>(id);
                var record = await flow.Describe();
                if (record is { Deployment: { } deployment, End: null, DesiredState: FlowDesiredState.Running })
                {
                    await flow.Deploy(deployment);
                    LogResumed(logger, id, deployment.ExecutionId);
                }
            }
            catch (Exception e)
            {
                LogNotResumed(logger, id, e.Message, e);
            }
        }
    }

    [LoggerMessage(DataflowEventIds.FlowRestored, LogLevel.Information, "Flow '{Flow}' resumed: execution '{Execution}' goes on from its last committed epoch")]
    private static partial void LogResumed(ILogger logger, string flow, string execution);

    [LoggerMessage(DataflowEventIds.FlowRestoreFailed, LogLevel.Error, "Flow '{Flow}' could not resume: {Reason}")]
    private static partial void LogNotResumed(ILogger logger, string flow, string reason, Exception error);

    [LoggerMessage(DataflowEventIds.RegistryUnreadable, LogLevel.Error, "The registry of submitted flows could not be read, so none resumed: {Reason}")]
    private static partial void LogRegistryUnreadable(ILogger logger, string reason, Exception error);
}

using Orleans.Concurrency;
using Orleans.Dataflow.Grains.Coordination;

namespace Orleans.Dataflow.Grains.Flows;

/// <summary>A flow deployed into the cluster, keyed by its deployment id: keeps the deployment and its status in grain storage, starts its execution, and resumes it when its frontier is lost with a silo.</summary>
/// <remarks>
/// The flow's code must be registered in the <see cref="Hosting.DataflowExecutionCatalog"/> of every silo under the
/// deployment's execution id before <see cref="Deploy"/>, unless it travels with the deployment (<see cref="FlowDefinition.Source"/>), which every silo then loads. Its record lives in the grain storage named
/// <see cref="FlowStorage.Name"/>: in its silo's memory unless the host configures a durable one (PostgreSQL with shared clustering).
/// </remarks>
public interface IFlowGrain : IGrainWithStringKey
{
    /// <summary>Deploys a flow a client submitted under this grain's id (its code in <see cref="FlowDefinition.Source"/>), as <see cref="Deploy"/> does, and adds it to the <see cref="IFlowRegistryGrain"/>.</summary>
    /// <exception cref="FlowExistsException">A flow has this id already.</exception>
    /// <exception cref="Exception">The code does not compile or load on this silo: the message names the file, line and column.</exception>
    /// <remarks>A long response timeout: it returns once the code has loaded on every silo that runs the flow, and a compile on a busy silo can take longer than Orleans' default of 30 s.</remarks>
    [ResponseTimeout(Hosting.GrainCallTimeouts.Deploy)]
    Task Submit(FlowDeployment deployment);

    /// <summary>Records <paramref name="deployment"/> (desired state: running) and starts its execution; returns once every partition has started.</summary>
    /// <remarks>Deploying the execution that runs already is how a caller whose flow grain was lost with its silo resumes it: the frontier is started again when it is not running.</remarks>
    /// <exception cref="InvalidOperationException">The flow runs another execution.</exception>
    [ResponseTimeout(Hosting.GrainCallTimeouts.Deploy)]
    Task Deploy(FlowDeployment deployment);

    /// <summary>Asks the flow to stop after the current epoch (desired state: stopped); true when that stops something, false when the flow had ended and nothing more would run.</summary>
    /// <remarks>
    /// Answers between other calls: during a submit or resume still loading its code, the new execution is stopped as
    /// soon as it starts (true), though the record still shows the previous execution's end. A failed flow whose
    /// restart is due is not restarted (true).
    /// </remarks>
    /// <exception cref="FlowNotDeployedException">There is no such flow.</exception>
    [AlwaysInterleave]
    Task<bool> Stop();

    /// <summary>Runs a submitted flow that has ended (stopped, failed, aborted) again, as a new execution that resumes from its last committed epoch; does nothing while it runs.</summary>
    /// <exception cref="FlowNotDeployedException">There is no such flow.</exception>
    /// <exception cref="InvalidOperationException">The flow's code did not travel with it (a <c>run</c> deployed it): run it again instead.</exception>
    [ResponseTimeout(Hosting.GrainCallTimeouts.Deploy)]
    Task Resume();

    /// <summary>The flow's record: its deployment, desired state and status.</summary>
    /// <remarks>Answers between other calls, so that a flow still submitting (its code loading on the silos) does not hold up a listing of every flow: it only reads the record and the frontier's status.</remarks>
    [AlwaysInterleave]
    Task<FlowRecord> Describe();

    /// <summary>Waits up to <paramref name="wait"/> (keep it under 5 s) for the execution to end and records how it ended; null while it runs.</summary>
    /// <remarks>A frontier lost with its silo is started again here when the flow has a recovery store, and resumes from it.</remarks>
    /// <exception cref="Cluster.ClusterException">The frontier was lost and the flow cannot resume: it has no recovery store, or it was lost too often in a row.</exception>
    [AlwaysInterleave]
    [ResponseTimeout("00:00:05")]
    Task<ExecutionEnd?> WaitForEnd(TimeSpan wait);

    /// <summary>The caller has the end and the flow was deployed for one run: its record and its frontier's activation go.</summary>
    Task Forget();
}

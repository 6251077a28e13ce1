using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Grains.Cluster;

/// <summary>This process's part in an execution that may span several processes: its workers, the channel to all workers, and the agreement with the other processes.</summary>
/// <remarks>
/// <para>
/// A cluster of <see cref="ProcessCount"/> processes, each hosting <see cref="LocalWorkerCount"/> workers, runs one
/// execution of <c>ProcessCount × LocalWorkerCount</c> workers with global indices; this process hosts
/// <see cref="FirstWorker"/> and the ones after it. Process 0 keeps the recovery store: the others send it their
/// snapshots, and it decides commits from every worker's progress.
/// </para>
/// <para>
/// <see cref="Execution.DataflowExecution"/> calls, in this order: <see cref="Attach"/>, <see cref="BeginRecovery"/>,
/// <see cref="AwaitStart"/> once its plans are built, then <see cref="Publish"/> from worker threads while they run,
/// and <see cref="Finish"/> once they have all ended. Losing another process is fail-stop: the membership raises a
/// <see cref="CoordinationEventKind.Failed"/> event naming it, and a call that waits throws
/// <see cref="ClusterException"/>. The Silo implements it over TCP; a single process needs nothing of it.
/// </para>
/// </remarks>
public interface IClusterMembership
{
    /// <summary>This process's index in the cluster; process 0 keeps the recovery store.</summary>
    int ProcessId { get; }

    /// <summary>How many processes run the execution.</summary>
    int ProcessCount { get; }

    /// <summary>The global index of this process's first worker.</summary>
    int FirstWorker { get; }

    /// <summary>How many workers this process hosts.</summary>
    int LocalWorkerCount { get; }

    /// <summary>The worker-to-worker channel; its <see cref="IWorkerTransport.WorkerCount"/> counts the workers of every process.</summary>
    IWorkerTransport Transport { get; }

    /// <summary>Starts handing other processes' coordination events to <paramref name="receiver"/>; events that arrived before are handed over first.</summary>
    void Attach(ICoordinationReceiver receiver);

    /// <summary>Agrees with the other processes on what the execution resumes from.</summary>
    /// <param name="store">This process's recovery store, or null. Only process 0's is used: it begins the execution on it and sends the resume point to the others, which send their snapshots back.</param>
    /// <exception cref="ClusterException">Another process was lost, or the processes disagree about running with recovery.</exception>
    ClusterRecovery BeginRecovery(IRecoveryStore? store);

    /// <summary>Waits until every process has built its plan, so no worker sends to a process that cannot read it yet.</summary>
    /// <exception cref="ClusterException">Another process was lost or failed before it was ready.</exception>
    void AwaitStart();

    /// <summary>Sends <paramref name="coordinationEvent"/>, raised by this process, to every other process.</summary>
    /// <remarks>Called from worker threads. Never blocks for long and never throws: a lost peer surfaces as a failure event instead.</remarks>
    void Publish(CoordinationEvent coordinationEvent);

    /// <summary>Ends this process's part once its workers have ended, and runs <paramref name="commitLast"/> when the last commit may be made.</summary>
    /// <param name="together">Whether the run ended normally (input ended or a graceful stop): then process 0 waits for every other process's last progress before <paramref name="commitLast"/>, and the others wait until it has committed. After a failure or abort nobody waits, and leaving is not a loss.</param>
    /// <param name="commitLast">Makes the last commit durable (process 0) or does nothing of note (the others).</param>
    /// <exception cref="ClusterException">Another process was lost before the execution ended together.</exception>
    void Finish(bool together, Action commitLast);
}

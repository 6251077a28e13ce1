using System.Runtime.ExceptionServices;
using Orleans.Dataflow.Grains.Cluster;
using Orleans.Dataflow.Grains.Exchange;

namespace Orleans.Dataflow.Grains.Execution;

/// <summary>Runs a flow on worker threads in this process and returns when it ends: the engine's entry point (Bytewax's run_main).</summary>
public static class DataflowExecution
{
    /// <summary>The first epoch of a fresh run; Bytewax also starts at 1.</summary>
    public const long FirstEpoch = 1;

    /// <summary>Runs <paramref name="flow"/> until its inputs end, <paramref name="stop"/> is cancelled (graceful stop), or a source aborts.</summary>
    /// <remarks>Blocks the caller; every worker thread has ended when this returns or throws.</remarks>
    /// <exception cref="InvalidDataflowException">The flow is not valid; nothing ran.</exception>
    /// <exception cref="DataflowException">User code threw; every worker has stopped; the original exception is the inner one.</exception>
    public static ExecutionResult Run(Dataflow flow, ExecutionOptions? options = null, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        options = (options ?? new ExecutionOptions()).Validate();
        flow.Validate();
        using var transport = new InProcessTransport(options.WorkerCount, options.MaxBatchesInFlight);
        return Run(flow, options, transport, stop);
    }

    /// <summary>Runs <paramref name="flow"/> over a given transport: the workers hosted here are all of the transport's workers.</summary>
    /// <remarks>The extension point for hosts that bring their own in-process transport (a serializing one in tests).</remarks>
    public static ExecutionResult Run(Dataflow flow, ExecutionOptions options, IWorkerTransport transport, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return Run(flow, options, new SingleProcessMembership(transport), stop);
    }

    /// <summary>Runs this process's part of <paramref name="flow"/> in an execution that spans the processes of <paramref name="cluster"/>.</summary>
    /// <remarks>
    /// Every process of the cluster calls this with the same flow and options; this one runs
    /// <see cref="IClusterMembership.LocalWorkerCount"/> workers (<see cref="ExecutionOptions.WorkerCount"/>) with
    /// global indices from <see cref="IClusterMembership.FirstWorker"/>. Epochs, the frontier, EOF, stops, failures
    /// and commits are cluster-wide. Returns once every process has ended its part together.
    /// </remarks>
    /// <exception cref="ClusterException">Another process was lost or failed; this one stopped, and the recovery store keeps its last committed epoch.</exception>
    public static ExecutionResult Run(Dataflow flow, ExecutionOptions options, IClusterMembership cluster, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cluster);
        options.Validate();
        if (options.WorkerCount != cluster.LocalWorkerCount)
        {
            throw new ArgumentException($"the options ask for {options.WorkerCount} workers but this process hosts {cluster.LocalWorkerCount}", nameof(cluster));
        }

        flow.Validate();
        var transport = cluster.Transport;
        var local = Enumerable.Range(cluster.FirstWorker, cluster.LocalWorkerCount).ToList();
        var recovery = cluster.BeginRecovery(options.Recovery);
        var coordinator = new ExecutionCoordinator(transport.WorkerCount, recovery.Store, flow.Id, cluster.Publish);
        cluster.Attach(coordinator);
        var plans = local.Select(w => WorkerPlanBuilder.Build(flow, w, options, transport, recovery)).ToList();
        transport.Codecs = plans[0].Codecs;
        var workers = plans.Select((plan, i) => new Worker(local[i], plan, transport, coordinator, options, recovery.Resume.Epoch)).ToList();
        cluster.AwaitStart();
        var threads = workers.Select((worker, i) => new Thread(worker.Run) { Name = $"dataflow {flow.Id} worker {local[i]}", IsBackground = true }).ToList();
        using (stop.Register(coordinator.RequestStop))
        {
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }

        Exception? storeFailure = null;
        Exception? clusterFailure = null;
        try
        {
            cluster.Finish(!coordinator.MustExit, () => storeFailure = coordinator.CompleteCommits());
        }
        catch (ClusterException e)
        {
            clusterFailure = e;
        }

        if ((coordinator.Failure ?? storeFailure ?? clusterFailure) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure is DataflowException or ClusterException ? failure : new DataflowException(flow.Id, "(engine)", -1, null, failure));
        }

        var outcome = coordinator.IsAborted ? ExecutionOutcome.Aborted
            : coordinator.IsStopRequested && coordinator.StopEpoch is not null ? ExecutionOutcome.Stopped
            : ExecutionOutcome.Completed;
        return new ExecutionResult(outcome, coordinator.ClosedEpoch);
    }
}

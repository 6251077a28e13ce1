using System.Runtime.ExceptionServices;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Grains.Exchange;

namespace Orleans.Dataflow.Grains.Execution;

/// <summary>Runs a flow on worker threads of this process, without a silo, and returns when it ends: the engine's own entry point, for its unit tests.</summary>
/// <remarks>Hosts run flows as partition grains on Orleans silos (<see cref="Hosting.ClusterExecution"/>); both run the same <see cref="Worker"/>s and plans.</remarks>
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
        return RunLocal(flow, options, transport, stop);
    }

    /// <summary>Runs <paramref name="flow"/> on the worker threads of <paramref name="transport"/>, all in this process.</summary>
    private static ExecutionResult RunLocal(Dataflow flow, ExecutionOptions options, IWorkerTransport transport, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.WorkerCount != transport.WorkerCount)
        {
            throw new ArgumentException($"the options ask for {options.WorkerCount} workers but the transport hosts {transport.WorkerCount}", nameof(transport));
        }

        flow.Validate();
        var store = options.Recovery;
        var resume = store?.BeginExecution(transport.WorkerCount) ?? ResumePoint.Fresh;
        var coordinator = new ExecutionCoordinator(transport.WorkerCount, store, resume.Execution, flow.Id);
        var snapshots = store?.SinkFor(resume.Execution);
        var plans = Enumerable.Range(0, transport.WorkerCount).Select(w => WorkerPlanBuilder.Build(flow, w, options, transport, resume, snapshots)).ToList();
        transport.Codecs = plans[0].Codecs;
        var origin = options.Clock.GetUtcNow();
        var workers = plans.Select((plan, w) => new Worker(w, plan, transport, coordinator, options, resume.Epoch, origin)).ToList();
        var threads = workers.Select((worker, w) => new Thread(worker.Run) { Name = $"dataflow {flow.Id} worker {w}", IsBackground = true }).ToList();
        using (stop.Register(coordinator.RequestStop))
        {
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }

        var storeFailure = coordinator.CompleteCommits();
        if ((coordinator.Failure ?? storeFailure) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure is DataflowException ? failure : new DataflowException(flow.Id, "(engine)", -1, null, failure));
        }

        var outcome = coordinator.IsAborted ? ExecutionOutcome.Aborted
            : coordinator.IsStopRequested && coordinator.StopEpoch is not null ? ExecutionOutcome.Stopped
            : ExecutionOutcome.Completed;
        return new ExecutionResult(outcome, coordinator.ClosedEpoch);
    }
}

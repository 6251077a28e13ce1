using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;

namespace Orleans.Dataflow.Grains.Hosting;

/// <summary>Runs a flow, deployed as a flow grain, as an execution of partition grains on an Orleans cluster whose silos have the dataflow service (<see cref="DataflowSiloBuilderExtensions.AddDataflow"/>).</summary>
public static class ClusterExecution
{
    /// <summary>How many times in a row a caller deploys its flow again after the flow grain was lost with its silo.</summary>
    private const int MaxRedeploys = 10;

    private static readonly TimeSpan _poll = TimeSpan.FromSeconds(2);

    /// <summary>How long a caller waits for the final counts before it ends without them.</summary>
    private static readonly TimeSpan _finalProgressWait = TimeSpan.FromSeconds(5);

    /// <summary>How long a worker may take to leave after its execution ended before <see cref="AssertWorkersLeft"/> counts it as stuck: a restore or a sink's close under way may have to finish first.</summary>
    private static readonly TimeSpan _workersLeaveWait = TimeSpan.FromSeconds(30);

    /// <summary>Waits for the flow grain to record the end of its execution; a flow grain lost with its silo (its record too, with an in-memory grain storage) is deployed again when <paramref name="redeploy"/>, and its execution resumes from the store.</summary>
    private static async Task<ExecutionEnd> WaitForEnd(IFlowGrain flow, FlowDeployment deployment, bool redeploy)
    {
        for (int redeployed = 0, unsent = 0, unanswered = 0; ; )
        {
            Exception lost;
            try
            {
                if (await flow.WaitForEnd(_poll) is { } end)
                {
                    return end;
                }

                unsent = 0;
                unanswered = 0;
                continue;
            }
            catch (Exception e) when (Partitions.Unreachable.MayGetThroughAgain(e) && ++unsent < Partitions.Unreachable.UnsentCallRetries)
            {
                // Orleans could not address or send the call (the grain directory changes after a silo loss, a
                // connection broke) to a silo not declared dead: ask again. Without a store, taking the flow grain for
                // lost would end this process with an error while the execution ran on.
                await Task.Delay(Partitions.Unreachable.UnsentCallDelay);
                continue;
            }
            catch (Exception e) when (e.GetBaseException() is TimeoutException && ++unanswered < Partitions.Unreachable.UnansweredWaitRetries)
            {
                continue;
            }
            catch (Exception e) when (Partitions.Unreachable.Is(e) || e is FlowNotDeployedException)
            {
                lost = e;
            }

            if (!redeploy || !deployment.Settings.Recoverable || ++redeployed > MaxRedeploys)
            {
                var why = !redeploy || !deployment.Settings.Recoverable ? "without a recovery store (and a membership that outlives that silo) the execution cannot resume" : $"it could not be resumed {MaxRedeploys} times in a row";
                throw new Cluster.ClusterException($"the flow grain and frontier of execution '{deployment.ExecutionId}' were lost with their silo, and {why}: {Partitions.Unreachable.Reason(lost.GetBaseException())}", lost);
            }

            await Task.Delay(_poll / 4);
            try
            {
                await flow.Deploy(deployment);
            }
            catch (Exception again) when (Partitions.Unreachable.Is(again))
            {
                // Not placeable yet while the cluster learns of the lost silo: wait on it again.
            }
        }
    }

    /// <summary>Runs <paramref name="flow"/> on <paramref name="partitionCount"/> partitions until its inputs end, <paramref name="stop"/> is cancelled (graceful stop), or a source aborts.</summary>
    /// <param name="grains">The cluster's grain factory (a silo's, or a client's).</param>
    /// <param name="catalog">The catalog of this process's silo, where the flow is registered for the run; other processes' silos must register it under the same execution id themselves.</param>
    /// <param name="flow">The flow.</param>
    /// <param name="options">Epochs, batches, the recovery store; <see cref="ExecutionOptions.WorkerCount"/> is ignored for <paramref name="partitionCount"/>.</param>
    /// <param name="partitionCount">How many partitions (workers) run the flow, spread over the silos.</param>
    /// <param name="stop">Cancelling it stops the execution gracefully after the current epoch.</param>
    /// <returns>How the run ended and the last epoch every partition closed.</returns>
    /// <exception cref="InvalidDataflowException">The flow is not valid; nothing ran.</exception>
    /// <exception cref="DataflowException">User code threw; every partition has stopped; it names the flow, step, partition, item and silo.</exception>
    /// <exception cref="Cluster.ClusterException">A silo was lost and, without a recovery store, the execution could not resume; it names the silo and its partitions.</exception>
    /// <param name="sharedExecutionId">For processes that each loaded the flow (<c>run -i/-a</c>): the execution id they all registered it under (<see cref="JoinAsync"/>); null runs an execution of this caller's own.</param>
    /// <param name="started">Called once every partition has started.</param>
    /// <param name="definition">What the flow's deployment records of its code (file, arguments); null records the flow as built in this process.</param>
    public static async Task<ExecutionResult> RunAsync(IGrainFactory grains, DataflowExecutionCatalog catalog, Dataflow flow, ExecutionOptions options,
        int partitionCount, CancellationToken stop = default, string? sharedExecutionId = null, Action? started = null, FlowDefinition? definition = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        options = options.Validate() with { WorkerCount = partitionCount };
        flow.Validate();
        var executionId = sharedExecutionId ?? $"{flow.Id}#{Guid.NewGuid():N}";
        var entry = catalog.Register(executionId, flow, options, shared: sharedExecutionId is not null);
        try
        {
            // A run is a deployment of its own, keyed by its execution id.
            var deployment = new FlowDeployment(definition ?? FlowDefinition.Of(flow), FlowSettings.Of(options, partitionCount), executionId);
            var deployed = grains.GetGrain<IFlowGrain>(executionId);
            try
            {
                await deployed.Deploy(deployment);
            }
            catch when (entry.LocalFailure is { } local)
            {
                ExceptionDispatchInfo.Throw(local);
            }

            started?.Invoke();
            ExecutionEnd end;
            using (stop.Register(() => deployed.Stop().Ignore()))
            {
                end = await WaitForEnd(deployed, deployment, redeploy: true);
            }

            var progress = await FinalProgress(deployed);
            if (sharedExecutionId is null)
            {
                try
                {
                    await deployed.Forget();
                }
                catch (Exception e) when (Partitions.Unreachable.Is(e))
                {
                    // The flow grain's silo is gone or going, and its record and activation with it: the end is what counts.
                }
            }

            return ResultOf(end, entry) with { Progress = progress };
        }
        finally
        {
            AssertWorkersLeft(entry);
            catalog.Remove(executionId);
        }
    }

    /// <summary>Takes part in shared execution <paramref name="sharedExecutionId"/>, which another process runs (<see cref="RunAsync"/>): registers the flow as this process loaded it, and waits for the end.</summary>
    /// <param name="grains">This process's silo's grain factory.</param>
    /// <param name="catalog">This process's silo's catalog.</param>
    /// <param name="flow">The flow as this process loaded it; partitions placed here run it.</param>
    /// <param name="options">The options, the same in every process; <see cref="ExecutionOptions.WorkerCount"/> is ignored for <paramref name="partitionCount"/>.</param>
    /// <param name="partitionCount">The execution's partitions, over every process.</param>
    /// <param name="sharedExecutionId">The id every process registers the flow under.</param>
    /// <param name="startupTimeout">How long to wait for the running process to start the execution.</param>
    /// <param name="stop">Cancelling it stops the whole execution gracefully after the current epoch.</param>
    /// <param name="started">Called once a partition of the execution has started in this process.</param>
    /// <param name="resumeFrontier">Whether this process deploys the flow again, with a recovery store, when its flow grain and frontier are lost with their silo; only worth it when the cluster's membership outlives that silo (shared clustering).</param>
    /// <param name="definition">What the flow's deployment records of its code, as for <see cref="RunAsync"/>.</param>
    /// <exception cref="Cluster.ClusterException">The execution did not start in time, or a silo was lost and it could not resume.</exception>
    public static async Task<ExecutionResult> JoinAsync(IGrainFactory grains, DataflowExecutionCatalog catalog, Dataflow flow, ExecutionOptions options,
        int partitionCount, string sharedExecutionId, TimeSpan startupTimeout, CancellationToken stop = default, Action? started = null, bool resumeFrontier = false,
        FlowDefinition? definition = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(flow);
        options = options.Validate() with { WorkerCount = partitionCount };
        flow.Validate();
        var entry = catalog.Register(sharedExecutionId, flow, options, shared: true);
        try
        {
            // Asking the flow grain would activate it here: wait instead for a partition placed on this silo, or for the
            // frontier's word that the execution began, or that it ended before it could begin here.
            var first = await Task.WhenAny(entry.Begun, entry.Ended, Task.Delay(startupTimeout, CancellationToken.None));
            if (first == entry.Ended && !entry.Begun.IsCompleted)
            {
                return ResultOf(await entry.Ended, entry);
            }

            if (first != entry.Begun && first != entry.Ended)
            {
                throw new Cluster.ClusterException($"process 0 did not start execution '{sharedExecutionId}' on this process within the startup timeout of {startupTimeout.TotalSeconds:0.#} s");
            }

            started?.Invoke();
            var deployment = new FlowDeployment(definition ?? FlowDefinition.Of(flow), FlowSettings.Of(options, partitionCount), sharedExecutionId);
            var deployed = grains.GetGrain<IFlowGrain>(sharedExecutionId);
            using (stop.Register(() => deployed.Stop().Ignore()))
            {
                return ResultOf(await WaitForEnd(deployed, deployment, resumeFrontier), entry);
            }
        }
        finally
        {
            AssertWorkersLeft(entry);
            catalog.Remove(sharedExecutionId);
        }
    }

    /// <summary>Checks, in debug builds (the tests'), that every worker the execution ran in this process has left once it ended: none is left running, stuck, with its thread and state.</summary>
    [Conditional("DEBUG")]
    private static void AssertWorkersLeft(ExecutionEntry entry)
    {
        var left = entry.WorkersLeftRunning(_workersLeaveWait);
        Debug.Assert(left.Count == 0, $"execution '{entry.ExecutionId}' of flow '{entry.Flow.Id}' has ended, but {_workersLeaveWait.TotalSeconds:0} s later these workers still run in this process: {string.Join("; ", left)}");
    }

    /// <summary>The execution's final counts, which its flow grain keeps with its end; null when that grain is gone with its silo or does not answer within <see cref="_finalProgressWait"/>.</summary>
    private static async Task<ExecutionStatus?> FinalProgress(IFlowGrain deployed)
    {
        try
        {
            return (await deployed.Describe().WaitAsync(_finalProgressWait)).Progress;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or FlowNotDeployedException || Partitions.Unreachable.Is(e))
        {
            // Counts are for people: a run whose flow grain was lost, is slow to answer while the cluster learns of a
            // lost silo, or was cancelled unsent while the grain directory changes, ended as it did all the same, and
            // must neither end later nor fail for want of them.
            return null;
        }
    }

    /// <summary>The result of <paramref name="end"/>, or the exception it failed with (as thrown, when it was thrown in this process).</summary>
    private static ExecutionResult ResultOf(ExecutionEnd end, ExecutionEntry entry)
    {
        if (end.Failure is { } failure)
        {
            var error = entry.LocalFailure ?? failure.ToException();
            ExceptionDispatchInfo.Throw(error is DataflowException or Cluster.ClusterException ? error : new DataflowException(entry.Flow.Id, "(engine)", -1, null, error));
        }

        return new ExecutionResult(end.Outcome, end.ClosedEpoch);
    }
}

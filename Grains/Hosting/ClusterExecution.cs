using System.Runtime.ExceptionServices;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Grains.Hosting;

/// <summary>Runs a flow as an execution of partition grains on an Orleans cluster whose silos have the dataflow service (<see cref="DataflowSiloBuilderExtensions.AddDataflow"/>).</summary>
public static class ClusterExecution
{
    private static readonly TimeSpan _poll = TimeSpan.FromSeconds(10);

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
    public static async Task<ExecutionResult> RunAsync(IGrainFactory grains, DataflowExecutionCatalog catalog, Dataflow flow, ExecutionOptions options,
        int partitionCount, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        options = options.Validate() with { WorkerCount = partitionCount };
        flow.Validate();
        var executionId = $"{flow.Id}#{Guid.NewGuid():N}";
        var entry = catalog.Register(executionId, flow, options);
        try
        {
            var frontier = grains.GetGrain<IFrontierGrain>(executionId);
            try
            {
                await frontier.Start(partitionCount);
            }
            catch when (entry.LocalFailure is { } local)
            {
                ExceptionDispatchInfo.Throw(local);
            }

            ExecutionEnd? end;
            using (stop.Register(() => frontier.RequestStop().Ignore()))
            {
                while ((end = await frontier.WaitForEnd(_poll)) is null)
                {
                }
            }

            if (end.Failure is { } failure)
            {
                var error = entry.LocalFailure ?? failure.ToException();
                ExceptionDispatchInfo.Throw(error is DataflowException ? error : new DataflowException(flow.Id, "(engine)", -1, null, error));
            }

            return new ExecutionResult(end.Outcome, end.ClosedEpoch);
        }
        finally
        {
            catalog.Remove(executionId);
        }
    }
}

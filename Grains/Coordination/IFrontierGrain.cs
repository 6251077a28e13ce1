using Orleans.Concurrency;
using Orleans.Dataflow.Grains.Partitions;

namespace Orleans.Dataflow.Grains.Coordination;

/// <summary>The one coordinator of an execution, keyed by execution id: partitions report closed epochs to it, and it decides commits, the graceful stop epoch, the first failure and the end.</summary>
/// <remarks>
/// The execution's flow and options must be registered in the <see cref="Hosting.DataflowExecutionCatalog"/> of every
/// silo before <see cref="Start"/>. Decisions go back to every partition as <see cref="FrontierDecisions"/>.
/// </remarks>
public interface IFrontierGrain : IGrainWithStringKey
{
    /// <summary>Begins the execution on the recovery store, then starts its <paramref name="partitionCount"/> partition grains; returns once all have started.</summary>
    Task Start(int partitionCount);

    /// <summary>Applies what partition <paramref name="partition"/> reports, in the order it reported it.</summary>
    Task Report(int partition, PartitionReport[] reports);

    /// <summary>Asks every partition to stop gracefully after the current epoch.</summary>
    Task RequestStop();

    /// <summary>Sends the current decisions to every partition again (after a store failure, say, that no report carried).</summary>
    Task Refresh();

    /// <summary>Waits up to <paramref name="wait"/> for the execution to end; null when it is still running.</summary>
    [AlwaysInterleave]
    Task<ExecutionEnd?> WaitForEnd(TimeSpan wait);
}

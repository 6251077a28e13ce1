using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Coordination;

namespace Orleans.Dataflow.Grains.Partitions;

/// <summary>One partition of an attempt of an execution, keyed <c>{execution id}/{attempt}/{index}</c>: owns the state of every stateful step for its key partitions and runs the flow's operators over them on a worker thread of its own.</summary>
/// <remarks>
/// Placed across the cluster's silos by <see cref="PartitionPlacement"/>. Other partitions push exchange batches into it
/// (<see cref="Deliver"/>); the frontier grain starts it and pushes its decisions.
/// </remarks>
public interface IPartitionGrain : IGrainWithStringKey
{
    /// <summary>Loads, on this partition's silo, the flow of <paramref name="deployment"/> from the code that travelled with it, unless the silo has already: compiling takes seconds, which <see cref="Start"/> must not wait for.</summary>
    /// <exception cref="Exception">The code does not load here; the message names the file and what is wrong.</exception>
    [ResponseTimeout(Hosting.GrainCallTimeouts.Prepare)]
    Task Prepare(Flows.FlowDeployment deployment);

    /// <summary>Builds this partition's plan and starts its worker; returns the silo it runs on.</summary>
    /// <remarks>
    /// Quick, yet Orleans' default timeout: a start sent to a silo that has just died fails once the membership declares
    /// it dead (or at once, when its port refuses), and a shorter one only made a live silo stalled for seconds by a busy
    /// machine count as lost.
    /// </remarks>
    Task<SiloAddress> Start(PartitionStart start);

    /// <summary>Hands <paramref name="batch"/> to the worker, in channel order; completes when the worker has taken it, which is the sender's credit.</summary>
    [ResponseTimeout(Hosting.GrainCallTimeouts.UntilAnswered)]
    Task Deliver(ExchangeBatch batch);

    /// <summary>Applies the frontier's <paramref name="decisions"/> (failure, abort, stop).</summary>
    Task Apply(FrontierDecisions decisions);

    /// <summary>The execution has ended: the partition lets its activation go, and its silo the code and store it loaded for the execution.</summary>
    Task End();
}

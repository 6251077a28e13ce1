using Orleans.Dataflow.Grains.Exchange;
using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Grains.Cluster;

/// <summary>The membership of an execution that runs in one process: every worker is local, so there is nobody to agree with.</summary>
internal sealed class SingleProcessMembership(IWorkerTransport transport) : IClusterMembership
{
    public int ProcessId => 0;

    public int ProcessCount => 1;

    public int FirstWorker => 0;

    public int LocalWorkerCount => transport.WorkerCount;

    public IWorkerTransport Transport => transport;

    public void Attach(ICoordinationReceiver receiver)
    {
    }

    public ClusterRecovery BeginRecovery(IRecoveryStore? store)
        => new(store?.BeginExecution(transport.WorkerCount) ?? ResumePoint.Fresh, store, store);

    public void AwaitStart()
    {
    }

    public void Publish(CoordinationEvent coordinationEvent)
    {
    }

    public void Finish(bool together, Action commitLast) => commitLast();
}

using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;

namespace Orleans.Dataflow.TestingHost;

/// <summary>A <see cref="TestCluster"/> run in progress: stop or kill silos while it runs, then wait for how it ended.</summary>
public sealed class RunningTestCluster
{
    private readonly Task<DeployedCluster> _cluster;
    private readonly Task<ExecutionResult> _run;
    private readonly string _flowId;

    internal RunningTestCluster(Task<DeployedCluster> cluster, Task<ExecutionResult> run, string flowId)
    {
        _cluster = cluster;
        _run = run;
        _flowId = flowId;
    }

    /// <summary>The index of the silo that runs the execution's frontier grain, its one coordinator; -1 while it is not placed.</summary>
    /// <remarks>Stopping or killing that silo costs the run its coordinator and its flow grain: they are started again and resume from the last commit.</remarks>
    public int FrontierSilo
    {
        get
        {
            var deployed = _cluster.GetAwaiter().GetResult();
            if (ExecutionId(deployed) is not { } execution)
            {
                return -1;
            }

            var management = deployed.Cluster.Client.GetGrain<IManagementGrain>(0);
            var address = management.GetActivationAddress(deployed.Cluster.Client.GetGrain<IFrontierGrain>(execution)).AsTask().GetAwaiter().GetResult();
            return deployed.Cluster.Silos.ToList().FindIndex(silo => silo.SiloAddress.Equals(address));
        }
    }

    /// <summary>What the cluster's flow grain records of the run: its deployment (definition, settings, execution), desired state and status; null while it is not deployed.</summary>
    public FlowRecord? Deployment
    {
        get
        {
            var deployed = _cluster.GetAwaiter().GetResult();
            return ExecutionId(deployed) is { } execution
                ? deployed.Cluster.Client.GetGrain<IFlowGrain>(execution).Describe().GetAwaiter().GetResult()
                : null;
        }
    }

    /// <summary>The id of the run's execution (a run is deployed under it), from the active frontier grains; null while there is none.</summary>
    private string? ExecutionId(DeployedCluster deployed)
    {
        var client = deployed.Cluster.Client;
        var frontierType = client.GetGrain<IFrontierGrain>(_flowId).GetGrainId().Type;
        return client.GetGrain<IManagementGrain>(0).GetActiveGrains(frontierType).AsTask().GetAwaiter().GetResult()
            .Select(id => id.Key.ToString()!)
            .FirstOrDefault(key => key.StartsWith($"{_flowId}#", StringComparison.Ordinal));
    }

    /// <summary>Stops silo <paramref name="siloId"/> gracefully, as scaling a deployment in would: with a recovery store its partitions are handed over to the other silos after the current epoch, and nothing is read twice.</summary>
    /// <remarks>Without a store the run fails naming the silo: its partitions' state has nowhere to go. The cluster is not shared with later test clusters once one of its silos is stopped; runs on it at that moment see the stop too.</remarks>
    public void Stop(int siloId)
    {
        var deployed = _cluster.GetAwaiter().GetResult();
        OrleansTestClusters.Retire(deployed);
        deployed.Cluster.StopSiloAsync(deployed.Cluster.Silos[siloId]).GetAwaiter().GetResult();
    }

    /// <summary>Kills silo <paramref name="siloId"/> at once, as a crash would; its partitions are lost and the cluster must notice.</summary>
    /// <remarks>The cluster is not shared with later test clusters once one of its silos is killed; runs on it at that moment (other tests' runs of the same silo count) see the loss too, so tests that kill silos should not run in parallel with others.</remarks>
    public void Kill(int siloId)
    {
        var deployed = _cluster.GetAwaiter().GetResult();
        OrleansTestClusters.Retire(deployed);
        deployed.Cluster.KillSiloAsync(deployed.Cluster.Silos[siloId]).GetAwaiter().GetResult();
    }

    /// <summary>Waits until the run has ended and returns how it ended, or throws what it failed with.</summary>
    /// <exception cref="TimeoutException">The run did not end within <paramref name="timeout"/> (default 60 s): the cluster hangs.</exception>
    /// <exception cref="DataflowException">User code threw on some partition.</exception>
    public ExecutionResult Wait(TimeSpan? timeout = null)
    {
        if (!((IAsyncResult)_run).AsyncWaitHandle.WaitOne(timeout ?? TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException("the test cluster's run did not end in time");
        }

        return TestCluster.Unwrap(_run);
    }
}

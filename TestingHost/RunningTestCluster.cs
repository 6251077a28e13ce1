using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;

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
    /// <remarks>Stopping or killing that silo costs the run its coordinator: a new one resumes from the last commit.</remarks>
    public int FrontierSilo
    {
        get
        {
            var deployed = _cluster.GetAwaiter().GetResult();
            var client = deployed.Cluster.Client;
            var frontierType = client.GetGrain<IFrontierGrain>(_flowId).GetGrainId().Type;
            var management = client.GetGrain<IManagementGrain>(0);
            var executions = management.GetActiveGrains(frontierType).AsTask().GetAwaiter().GetResult()
                .Select(id => id.Key.ToString()!)
                .Where(key => key.StartsWith($"{_flowId}#", StringComparison.Ordinal))
                .ToList();
            if (executions.Count == 0)
            {
                return -1;
            }

            var address = management.GetActivationAddress(client.GetGrain<IFrontierGrain>(executions[0])).AsTask().GetAwaiter().GetResult();
            return deployed.Cluster.Silos.ToList().FindIndex(silo => silo.SiloAddress.Equals(address));
        }
    }

    /// <summary>Stops silo <paramref name="siloId"/> gracefully, as scaling a deployment in would: with a recovery store its partitions are handed over to the other silos after the current epoch, and nothing is read twice.</summary>
    /// <remarks>Without a store the run fails naming the silo: its partitions' state has nowhere to go. The cluster is not shared with later test clusters once one of its silos is stopped.</remarks>
    public void Stop(int siloId)
    {
        var deployed = _cluster.GetAwaiter().GetResult();
        OrleansTestClusters.Retire(deployed);
        deployed.Cluster.StopSiloAsync(deployed.Cluster.Silos[siloId]).GetAwaiter().GetResult();
    }

    /// <summary>Kills silo <paramref name="siloId"/> at once, as a crash would; its partitions are lost and the cluster must notice.</summary>
    /// <remarks>The cluster is not shared with later test clusters once one of its silos is killed.</remarks>
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

using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.TestingHost;

/// <summary>A <see cref="TestCluster"/> run in progress: kill silos while it runs, then wait for how it ended.</summary>
public sealed class RunningTestCluster
{
    private readonly Task<DeployedCluster> _cluster;
    private readonly Task<ExecutionResult> _run;

    internal RunningTestCluster(Task<DeployedCluster> cluster, Task<ExecutionResult> run)
    {
        _cluster = cluster;
        _run = run;
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

using System.Runtime.ExceptionServices;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Hosting;

namespace Orleans.Dataflow.TestingHost;

/// <summary>Several dataflow silos in one process (Orleans' in-process TestCluster), for testing that a flow gives the same results on a cluster.</summary>
/// <remarks>
/// <para>
/// A flow runs as <see cref="SiloCount"/> × <see cref="WorkersPerSilo"/> partition grains spread evenly over the silos;
/// records between silos go through their serde, so a type that cannot cross processes fails here too. Sources,
/// sinks and the recovery store are the flow's own objects, shared by the silos, so a <c>TestingSink</c> collects
/// what every partition emits. Test clusters of one size share one deployment of Orleans silos per process.
/// </para>
/// <code>
/// var cluster = new TestCluster(silos: 2, workersPerSilo: 2);
/// cluster.Run(flow);   // as DataflowExecution.Run, on 4 partitions in 2 silos
/// </code>
/// </remarks>
public sealed class TestCluster
{
    /// <summary>Creates a cluster of <paramref name="silos"/> silos with <paramref name="workersPerSilo"/> partitions each.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1.</exception>
    public TestCluster(int silos, int workersPerSilo = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workersPerSilo, 1);
        SiloCount = silos;
        WorkersPerSilo = workersPerSilo;
    }

    /// <summary>How many silos run each flow.</summary>
    public int SiloCount { get; }

    /// <summary>Partitions (worker threads) in each silo.</summary>
    public int WorkersPerSilo { get; }

    /// <summary>Runs <paramref name="flow"/> on the cluster and returns once it has ended, like <see cref="DataflowExecution.Run(Dataflow, ExecutionOptions?, CancellationToken)"/>.</summary>
    /// <param name="flow">The flow.</param>
    /// <param name="options">The execution options; <see cref="ExecutionOptions.WorkerCount"/> is replaced by <see cref="SiloCount"/> × <see cref="WorkersPerSilo"/>.</param>
    /// <param name="stop">Cancelling it stops the whole cluster gracefully after the current epoch.</param>
    /// <exception cref="DataflowException">User code threw on some partition; the message names its silo and partition.</exception>
    public ExecutionResult Run(Dataflow flow, ExecutionOptions? options = null, CancellationToken stop = default)
        => Start(flow, options, stop).Wait();

    /// <summary>Starts <paramref name="flow"/> on the cluster and returns at once, so a test can kill silos while it runs.</summary>
    public RunningTestCluster Start(Dataflow flow, ExecutionOptions? options = null, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var execution = options ?? new ExecutionOptions();
        var partitions = SiloCount * WorkersPerSilo;
        var cluster = OrleansTestClusters.Get(SiloCount);
        var run = Task.Run(async () =>
        {
            var deployed = await cluster;
            return await ClusterExecution.RunAsync(deployed.Grains, deployed.Catalog, flow, execution, partitions, stop);
        });
        return new RunningTestCluster(cluster, run, flow.Id);
    }

    /// <summary>Rethrows what <paramref name="run"/> threw, as thrown.</summary>
    internal static ExecutionResult Unwrap(Task<ExecutionResult> run)
    {
        try
        {
            return run.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            ExceptionDispatchInfo.Throw(e);
            throw;
        }
    }
}

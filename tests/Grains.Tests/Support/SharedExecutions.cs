using Microsoft.Extensions.DependencyInjection;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.TestingHost;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>A shared execution on two silos of a test cluster, run as two processes of <c>run -i/-a</c> run one: one process runs it, the other joins.</summary>
internal static class SharedExecutions
{
    /// <summary>Runs execution <paramref name="executionId"/> of the flow <paramref name="flow"/> builds (once per process, as each loads it): <c>RunAsync</c> on silo <paramref name="running"/>, <c>JoinAsync</c> with <paramref name="startupTimeout"/> on silo <paramref name="joining"/>.</summary>
    public static (Task<ExecutionResult> Run, Task<ExecutionResult> Join) Start(InProcessTestCluster cluster, Func<Dataflow> flow, ExecutionOptions options, int partitionCount,
        string executionId, TimeSpan startupTimeout, int running = 0, int joining = 1)
    {
        var run = ClusterExecution.RunAsync(GrainsOf(cluster, running), DataflowTestSilos.CatalogOf(cluster, running), flow(), options, partitionCount, sharedExecutionId: executionId);
        var join = ClusterExecution.JoinAsync(GrainsOf(cluster, joining), DataflowTestSilos.CatalogOf(cluster, joining), flow(), options, partitionCount, executionId, startupTimeout);
        return (run, join);
    }

    private static IGrainFactory GrainsOf(InProcessTestCluster cluster, int silo) => cluster.Silos[silo].ServiceProvider.GetRequiredService<IGrainFactory>();
}

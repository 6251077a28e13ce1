using Orleans.Dataflow.Grains.Hosting;
using Orleans.TestingHost;

namespace Orleans.Dataflow.TestingHost;

/// <summary>The Orleans test clusters of this process, one per silo count, deployed on first use and shared by every <see cref="TestCluster"/> of that size.</summary>
/// <remarks>
/// A deployment costs seconds, a run on a deployed cluster milliseconds, so runs share them (as xunit class fixtures
/// would). A cluster a test has killed a silo of is not shared again: the next run deploys a new one.
/// </remarks>
internal static class OrleansTestClusters
{
    private static readonly object _gate = new();
    private static readonly Dictionary<int, Task<DeployedCluster>> _clusters = [];

    /// <summary>The shared cluster of <paramref name="silos"/> silos, deploying it if there is none.</summary>
    public static Task<DeployedCluster> Get(int silos)
    {
        lock (_gate)
        {
            if (!_clusters.TryGetValue(silos, out var cluster) || cluster.IsFaulted)
            {
                cluster = Deploy(silos);
                _clusters[silos] = cluster;
            }

            return cluster;
        }
    }

    /// <summary>Stops sharing <paramref name="cluster"/>: a silo of it is gone.</summary>
    public static void Retire(DeployedCluster cluster)
    {
        lock (_gate)
        {
            foreach (var (silos, shared) in _clusters.ToList())
            {
                if (shared.IsCompletedSuccessfully && shared.Result == cluster)
                {
                    _clusters.Remove(silos);
                }
            }
        }
    }

    private static async Task<DeployedCluster> Deploy(int silos)
    {
        var catalog = new DataflowExecutionCatalog();
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.InitializeClientOnDeploy = true;
        builder.ConfigureSilo((_, silo) => silo.AddDataflow(catalog));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        // Runs go through the cluster's client, as an application's would: killing any silo leaves the caller standing.
        return new DeployedCluster(cluster, catalog, cluster.Client);
    }
}

using Orleans.Dataflow.Grains.Hosting;
using Orleans.TestingHost;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>A cluster of dataflow silos in the test process, with a client: for tests that need grains or grain references.</summary>
internal static class DataflowTestSilos
{
    /// <summary>Starts <paramref name="silos"/> silos, each configured further by <paramref name="configure"/> (a service, a call filter), and the client.</summary>
    public static async Task<InProcessTestCluster> StartAsync(short silos = 1, Action<ISiloBuilder>? configure = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.InitializeClientOnDeploy = true;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddDataflow();
            configure?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The execution catalog of <paramref name="cluster"/>'s <paramref name="silo"/>-th silo, where a run started from the test registers its flow.</summary>
    public static DataflowExecutionCatalog CatalogOf(InProcessTestCluster cluster, int silo = 0)
        => (DataflowExecutionCatalog)cluster.Silos[silo].ServiceProvider.GetService(typeof(DataflowExecutionCatalog))!;
}

using Orleans.Dataflow.Grains.Hosting;
using Orleans.TestingHost;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>A cluster of one dataflow silo in the test process, with a client: for tests that need grains or grain references.</summary>
internal static class OneDataflowSilo
{
    /// <summary>Starts the silo and its client.</summary>
    public static async Task<InProcessTestCluster> StartAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.InitializeClientOnDeploy = true;
        builder.ConfigureSilo((_, silo) => silo.AddDataflow());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The execution catalog of <paramref name="cluster"/>'s silo, where a run started from the test registers its flow.</summary>
    public static DataflowExecutionCatalog CatalogOf(InProcessTestCluster cluster)
        => (DataflowExecutionCatalog)cluster.Silos[0].ServiceProvider.GetService(typeof(DataflowExecutionCatalog))!;
}

using Orleans.Dataflow.Grains.Hosting;
using Orleans.TestingHost;

namespace Orleans.Dataflow.TestingHost;

/// <summary>A deployed Orleans test cluster of dataflow silos: the cluster, the catalog its silos share, and a grain factory to run executions with.</summary>
/// <param name="Cluster">The Orleans cluster.</param>
/// <param name="Catalog">The execution catalog every silo of it uses.</param>
/// <param name="Grains">The cluster client's grain factory.</param>
internal sealed record DeployedCluster(InProcessTestCluster Cluster, DataflowExecutionCatalog Catalog, IGrainFactory Grains);

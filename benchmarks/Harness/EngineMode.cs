using Orleans.Dataflow.Benchmarks.Cluster;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>How one engine run is set up: its worker count, its epoch (snapshot) interval, the recovery store it writes to, if any, and the cluster it is one process of, if any.</summary>
/// <param name="Workers">Worker threads in this process.</param>
/// <param name="EpochInterval">How often sources cut an epoch, i.e. how often state is snapshotted when there is a store.</param>
/// <param name="Recovery">The directory the run opens its SQLite recovery store in (fresh for each run); null runs without recovery.</param>
/// <param name="Cluster">This process's part of a run over several processes, which joins the cluster and times the run itself; null runs in this process alone.</param>
public sealed record EngineMode(int Workers, TimeSpan EpochInterval, RecoveryDirectory? Recovery, ClusterPart? Cluster = null);

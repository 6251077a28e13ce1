namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>How one engine run is set up: its worker (partition) count, its epoch (snapshot) interval, the recovery store it writes to, if any, and how many silos it spreads over.</summary>
/// <param name="Workers">Partitions (worker threads) of the run, over all its silos.</param>
/// <param name="EpochInterval">How often sources cut an epoch, i.e. how often state is snapshotted when there is a store.</param>
/// <param name="Recovery">The directory the run opens its SQLite recovery store in (fresh for each run); null runs without recovery.</param>
/// <param name="Silos">1: the process's own silo; more: an Orleans TestCluster of that many silos in this process, records crossing between them serialized.</param>
public sealed record EngineMode(int Workers, TimeSpan EpochInterval, RecoveryDirectory? Recovery, int Silos = 1);

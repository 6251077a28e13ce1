namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>How one engine run is set up: its worker count, its epoch (snapshot) interval, and the recovery store it writes to, if any.</summary>
/// <param name="Workers">Worker threads in this process.</param>
/// <param name="EpochInterval">How often sources cut an epoch, i.e. how often state is snapshotted when there is a store.</param>
/// <param name="Recovery">The directory the run opens its SQLite recovery store in (fresh for each run); null runs without recovery.</param>
public sealed record EngineMode(int Workers, TimeSpan EpochInterval, RecoveryDirectory? Recovery);

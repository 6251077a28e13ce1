namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>The throughput floors a workload must meet with one worker; null means no such floor for the workload.</summary>
/// <remarks>Every workload also has the floor "2 workers faster than 1", which the runner checks whenever both ran.</remarks>
/// <param name="MinRecordsPerSecond">The least input records per second the engine with 1 worker must reach.</param>
/// <param name="MinRatioToBaseline">The least ratio of engine (1 worker) throughput to the hand-written loop's.</param>
public sealed record FloorSpec(double? MinRecordsPerSecond, double? MinRatioToBaseline);

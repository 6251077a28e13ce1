namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>The throughput floors a workload must meet; null means no such floor for the workload.</summary>
/// <remarks>The floors of the Orleans runtime issue, as ratios to the hand-written loop in the same run on a quiet machine.</remarks>
/// <param name="MinRecordsPerSecond">The least input records per second the engine with 1 worker must reach.</param>
/// <param name="MinRatioToBaseline">The least ratio of engine (1 worker) throughput to the hand-written loop's.</param>
/// <param name="MinTwoWorkerRatioToBaseline">The least ratio of engine (2 workers) throughput to the hand-written loop's.</param>
/// <param name="MinTwoWorkerSpeedup">How many times faster 2 workers must be than 1 (1.0: just faster).</param>
/// <param name="MinClusterRatioToTwoWorkers">With <c>--cluster</c>: the least ratio of 2 silos x 1 worker to 1 silo x 2 workers.</param>
public sealed record FloorSpec(
    double? MinRecordsPerSecond,
    double? MinRatioToBaseline,
    double? MinTwoWorkerRatioToBaseline = null,
    double MinTwoWorkerSpeedup = 1.0,
    double? MinClusterRatioToTwoWorkers = null);

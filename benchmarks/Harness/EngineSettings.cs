using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>The engine and source settings every workload runs with, in one place so the program can print them.</summary>
public static class EngineSettings
{
    /// <summary>How many records a benchmark source partition hands the engine per <c>NextBatch</c> call.</summary>
    public const int SourceBatchSize = 1024;

    /// <summary>The engine's exchange and operator output batch size (<see cref="ExecutionOptions.ExchangeBatchSize"/>).</summary>
    public const int ExchangeBatchSize = 1024;

    /// <summary>The epoch (snapshot) interval; no recovery store is configured, so epochs close but nothing is written.</summary>
    public static readonly TimeSpan EpochInterval = TimeSpan.FromSeconds(10);

    /// <summary>The execution options of an engine run with <paramref name="workers"/> worker threads in this process.</summary>
    public static ExecutionOptions For(int workers) => new()
    {
        WorkerCount = workers,
        EpochInterval = EpochInterval,
        ExchangeBatchSize = ExchangeBatchSize,
    };
}

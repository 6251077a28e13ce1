using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Recovery;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>The engine and source settings every workload runs with, in one place so the program can print them.</summary>
public static class EngineSettings
{
    /// <summary>How many records a benchmark source partition hands the engine per <c>NextBatch</c> call.</summary>
    public const int SourceBatchSize = 1024;

    /// <summary>The engine's exchange and operator output batch size (<see cref="ExecutionOptions.ExchangeBatchSize"/>).</summary>
    public const int ExchangeBatchSize = 1024;

    /// <summary>The epoch (snapshot) interval of the usual runs; no recovery store is configured, so epochs close but nothing is written.</summary>
    public static readonly TimeSpan EpochInterval = TimeSpan.FromSeconds(10);

    /// <summary>The epoch (snapshot) interval of every engine mode of <c>--recovery</c>, with the store and without it.</summary>
    public static readonly TimeSpan RecoveryEpochInterval = TimeSpan.FromSeconds(1);

    /// <summary>The partition count of the SQLite store of a run with <paramref name="workers"/> workers: at least 4, and at least one per worker.</summary>
    public static int RecoveryPartitions(int workers) => Math.Max(4, workers);

    /// <summary>The execution options of an engine run in <paramref name="mode"/>, writing to <paramref name="recovery"/> (null: no recovery).</summary>
    public static ExecutionOptions For(EngineMode mode, IRecoveryStore? recovery)
    {
        ArgumentNullException.ThrowIfNull(mode);
        return new()
        {
            WorkerCount = mode.Workers,
            EpochInterval = mode.EpochInterval,
            ExchangeBatchSize = ExchangeBatchSize,
            Recovery = recovery,
        };
    }
}

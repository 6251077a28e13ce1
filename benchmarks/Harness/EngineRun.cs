using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>Runs a benchmark dataflow to completion with the settings of <see cref="EngineSettings"/>.</summary>
public static class EngineRun
{
    /// <summary>Runs <paramref name="flow"/> on <paramref name="workers"/> workers and returns what its sink added to <paramref name="totals"/>.</summary>
    /// <remarks>Blocks until every worker has finished; the sink partitions have been disposed (and so have published) by then.</remarks>
    /// <exception cref="InvalidOperationException">The run ended otherwise than <see cref="ExecutionOutcome.Completed"/>.</exception>
    public static Checksum Execute(Dataflow flow, int workers, ChecksumTotals totals)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(totals);
        var result = DataflowExecution.Run(flow, EngineSettings.For(workers));
        if (result.Outcome != ExecutionOutcome.Completed)
        {
            throw new InvalidOperationException($"flow '{flow.Id}' on {workers} workers ended {result.Outcome}, not Completed");
        }

        return totals.Value;
    }
}

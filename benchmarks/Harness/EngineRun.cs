using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.TestingHost;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>Runs a benchmark dataflow to completion as an <see cref="EngineMode"/> says, with the settings of <see cref="EngineSettings"/>.</summary>
public static class EngineRun
{
    /// <summary>Runs <paramref name="flow"/> in <paramref name="mode"/> and returns what its sink added to <paramref name="totals"/>.</summary>
    /// <remarks>
    /// Blocks until every partition has finished; the sink partitions have been disposed (and so have published) by then,
    /// and so has the recovery store, if the mode has one: its files are at rest when this returns.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The run ended otherwise than <see cref="ExecutionOutcome.Completed"/>.</exception>
    public static Checksum Execute(Dataflow flow, EngineMode mode, ChecksumTotals totals)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(mode);
        ArgumentNullException.ThrowIfNull(totals);
        using var store = mode.Recovery?.Open(flow.Id);
        var options = EngineSettings.For(mode, store);
        var result = mode.Silos > 1 ? new TestCluster(mode.Silos, mode.Workers / mode.Silos).Run(flow, options) : DataflowRunner.Run(flow, options);
        if (result.Outcome != ExecutionOutcome.Completed)
        {
            throw new InvalidOperationException($"flow '{flow.Id}' on {mode.Workers} workers ended {result.Outcome}, not Completed");
        }

        return totals.Value;
    }
}

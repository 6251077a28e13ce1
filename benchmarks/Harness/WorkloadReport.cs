namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>Everything measured and checked for one workload, for the tables and the closing summary.</summary>
/// <param name="Workload">The workload.</param>
/// <param name="Modes">The baseline first, then the engine modes by worker count.</param>
/// <param name="Floors">The floors checked.</param>
/// <param name="Problems">Checksum mismatches and failures, one line each; empty when all runs agreed.</param>
/// <param name="Recovery">Per worker count, the runs with a recovery store against those without; empty unless <c>--recovery</c>.</param>
public sealed record WorkloadReport(IWorkload Workload, IReadOnlyList<ModeResult> Modes, IReadOnlyList<FloorResult> Floors, IReadOnlyList<string> Problems,
    IReadOnlyList<RecoveryComparison> Recovery)
{
    /// <summary>Whether every run's checksum agreed with the baseline (and the baseline with the known figure).</summary>
    public bool ChecksumsOk => Problems.Count == 0;
}

using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Benchmarks.Checksums;

/// <summary>A sink of integers that counts rows and wrapping-sums the items, one partition per worker.</summary>
/// <remarks>Each partition keeps its figures in fields and adds them into <paramref name="totals"/> when the engine disposes it at EOF.</remarks>
/// <param name="totals">Where the partitions' figures end up.</param>
public sealed class LongChecksumSink(ChecksumTotals totals) : DynamicSink<long>
{
    /// <inheritdoc/>
    public override StatelessSinkPartition<long> Build(string stepId, int workerIndex, int workerCount) => new LongChecksumPartition(totals);
}

using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Benchmarks.Checksums;

/// <summary>A sink of (key, value) rows that counts rows and wrapping-sums the values, one partition per worker.</summary>
/// <remarks>Each partition keeps its figures in fields and adds them into <paramref name="totals"/> when the engine disposes it at EOF.</remarks>
/// <param name="totals">Where the partitions' figures end up.</param>
public sealed class KeyedChecksumSink(ChecksumTotals totals) : DynamicSink<(string Key, long Value)>
{
    /// <inheritdoc/>
    public override StatelessSinkPartition<(string Key, long Value)> Build(string stepId, int workerIndex, int workerCount)
        => new KeyedChecksumPartition(totals);
}

using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Benchmarks.Checksums;

/// <summary>A sink of <c>(key, (window id, count))</c> rows that counts rows and wrapping-sums a weighted count per row, one partition per worker.</summary>
/// <remarks>Each partition keeps its figures in fields and adds them into <paramref name="totals"/> when the engine disposes it at EOF.</remarks>
/// <param name="totals">Where the partitions' figures end up.</param>
public sealed class WindowCountChecksumSink(ChecksumTotals totals) : DynamicSink<(string Key, (long WindowId, long Count) Value)>
{
    /// <inheritdoc/>
    public override StatelessSinkPartition<(string Key, (long WindowId, long Count) Value)> Build(string stepId, int workerIndex, int workerCount)
        => new WindowCountChecksumPartition(totals);
}

using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Benchmarks.Checksums;

/// <summary>One worker's partition of <see cref="KeyedChecksumSink"/>: counts rows and sums values in fields, publishes at dispose.</summary>
/// <remarks>Called from one worker thread only, as the sink contract says.</remarks>
/// <param name="totals">Where the figures go at dispose.</param>
public sealed class KeyedChecksumPartition(ChecksumTotals totals) : StatelessSinkPartition<(string Key, long Value)>
{
    private long _rows;
    private long _sum;

    /// <inheritdoc/>
    public override void WriteBatch(IReadOnlyList<(string Key, long Value)> items)
    {
        var sum = _sum;
        for (var i = 0; i < items.Count; i++)
        {
            sum = unchecked(sum + items[i].Value);
        }

        _sum = sum;
        _rows += items.Count;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        totals.Add(_rows, _sum);
        _rows = 0;
        _sum = 0;
    }
}

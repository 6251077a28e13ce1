using System.Globalization;
using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Benchmarks.Checksums;

/// <summary>One worker's partition of <see cref="WindowCountChecksumSink"/>: counts rows and sums <see cref="RowValue"/> in fields, publishes at dispose.</summary>
/// <remarks>Called from one worker thread only, as the sink contract says.</remarks>
/// <param name="totals">Where the figures go at dispose.</param>
public sealed class WindowCountChecksumPartition(ChecksumTotals totals) : StatelessSinkPartition<(string Key, (long WindowId, long Count) Value)>
{
    /// <summary>Keys are decimal numbers below this.</summary>
    public const long KeyLimit = 1_000_000;

    private long _rows;
    private long _sum;

    /// <summary>What one <c>(key, window, count)</c> row adds to the sum: <c>count · (1 000 000 · window + key + 1)</c>, wrapping.</summary>
    /// <remarks>
    /// <c>1 000 000 · window + key</c> differs for every (key, window) while keys are below <see cref="KeyLimit"/>, so
    /// the sum weighs each count by where it belongs: an event counted in the wrong key or window, or not at all,
    /// changes it. The key number is parsed back from the key string, once per row (not per event).
    /// </remarks>
    public static long RowValue(string key, long windowId, long count)
    {
        var keyNumber = long.Parse(key, NumberStyles.None, CultureInfo.InvariantCulture);
        return unchecked(count * ((KeyLimit * windowId) + keyNumber + 1));
    }

    /// <inheritdoc/>
    public override void WriteBatch(IReadOnlyList<(string Key, (long WindowId, long Count) Value)> items)
    {
        var sum = _sum;
        for (var i = 0; i < items.Count; i++)
        {
            var (key, (windowId, count)) = items[i];
            sum = unchecked(sum + RowValue(key, windowId, count));
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

using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Benchmarks.Workloads.Nexmark;

/// <summary>A sink that counts rows and wrapping-sums <paramref name="value"/> of each, one partition per worker: the end of every NEXMark query.</summary>
/// <remarks>Each partition keeps its figures in fields and adds them into <paramref name="totals"/> when the engine disposes it at EOF.</remarks>
/// <typeparam name="T">The rows.</typeparam>
/// <param name="totals">Where the partitions' figures end up.</param>
/// <param name="value">What one row adds to the sum; the baseline loop adds the same.</param>
public sealed class ValueChecksumSink<T>(ChecksumTotals totals, Func<T, long> value) : DynamicSink<T>
{
    /// <inheritdoc/>
    public override StatelessSinkPartition<T> Build(string stepId, int workerIndex, int workerCount) => new Partition(totals, value);

    /// <summary>One worker's figures; called from one worker thread only.</summary>
    private sealed class Partition(ChecksumTotals totals, Func<T, long> value) : StatelessSinkPartition<T>
    {
        private long _rows;
        private long _sum;

        public override void WriteBatch(IReadOnlyList<T> items)
        {
            var sum = _sum;
            for (var i = 0; i < items.Count; i++)
            {
                sum = unchecked(sum + value(items[i]));
            }

            _sum = sum;
            _rows += items.Count;
        }

        protected override void Dispose(bool disposing)
        {
            totals.Add(_rows, _sum);
            _rows = 0;
            _sum = 0;
        }
    }
}

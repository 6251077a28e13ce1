using Orleans.Dataflow.Outputs;

namespace Orleans.Dataflow.Benchmarks.Checksums;

/// <summary>A sink that only counts its rows (the sum stays 0), one partition per worker: for side streams such as late items.</summary>
/// <remarks>Each partition keeps its count in a field and adds it into <paramref name="totals"/> when the engine disposes it at EOF.</remarks>
/// <typeparam name="T">The rows.</typeparam>
/// <param name="totals">Where the partitions' counts end up.</param>
public sealed class RowCountSink<T>(ChecksumTotals totals) : DynamicSink<T>
{
    /// <inheritdoc/>
    public override StatelessSinkPartition<T> Build(string stepId, int workerIndex, int workerCount) => new Partition(totals);

    /// <summary>One worker's count; called from one worker thread only.</summary>
    private sealed class Partition(ChecksumTotals totals) : StatelessSinkPartition<T>
    {
        private long _rows;

        public override void WriteBatch(IReadOnlyList<T> items) => _rows += items.Count;

        protected override void Dispose(bool disposing)
        {
            totals.Add(_rows, 0);
            _rows = 0;
        }
    }
}

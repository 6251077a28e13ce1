using Orleans.Dataflow.Benchmarks.Harness;

namespace Orleans.Dataflow.Benchmarks.Checksums;

/// <summary>The totals a checksum sink's partitions add into when they are disposed, one instance per run.</summary>
/// <remarks>Thread-safe: partitions on different workers add with <see cref="Interlocked"/>. Read <see cref="Value"/> after the run returned.</remarks>
public sealed class ChecksumTotals
{
    private long _rows;
    private long _sum;

    /// <summary>What all partitions have added so far.</summary>
    public Checksum Value => new(Interlocked.Read(ref _rows), Interlocked.Read(ref _sum));

    /// <summary>Adds one partition's row count and wrapping sum.</summary>
    public void Add(long rows, long sum)
    {
        Interlocked.Add(ref _rows, rows);
        Interlocked.Add(ref _sum, sum);
    }
}

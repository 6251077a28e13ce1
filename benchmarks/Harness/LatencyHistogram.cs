using System.Diagnostics;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>Latencies in log buckets: 16 linear buckets per power of two of nanoseconds (at most 6.25 % wide), plus the exact maximum.</summary>
/// <remarks>Recording costs a bit scan and an increment, so a sink can record every record. Not thread-safe: one per sink partition, merged at the end.</remarks>
public sealed class LatencyHistogram
{
    private const int SubBits = 4;
    private readonly long[] _counts = new long[64 << SubBits];

    /// <summary>How many latencies were recorded.</summary>
    public long Count { get; private set; }

    /// <summary>The largest latency recorded, in nanoseconds.</summary>
    public long MaxNanoseconds { get; private set; }

    /// <summary>Records a latency of <paramref name="nanoseconds"/> (negative counts as 0).</summary>
    public void Record(long nanoseconds)
    {
        var value = Math.Max(0, nanoseconds);
        _counts[IndexOf(value)]++;
        Count++;
        if (value > MaxNanoseconds)
        {
            MaxNanoseconds = value;
        }
    }

    /// <summary>Records the latency between two <see cref="Stopwatch"/> timestamps.</summary>
    public void RecordTimestamps(long from, long to) => Record((long)((to - from) * (1e9 / Stopwatch.Frequency)));

    /// <summary>Adds <paramref name="other"/>'s latencies to this one's.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxNanoseconds = Math.Max(MaxNanoseconds, other.MaxNanoseconds);
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0–1), in nanoseconds: the upper end of its bucket, at most the maximum; 0 when empty.</summary>
    public long Quantile(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(q * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(1, rank))
            {
                return Math.Min(UpperOf(i), MaxNanoseconds);
            }
        }

        return MaxNanoseconds;
    }

    private static int IndexOf(long value)
    {
        if (value < 1 << SubBits)
        {
            return (int)value;
        }

        var power = 63 - (int)long.LeadingZeroCount(value);
        var sub = (int)(value >> (power - SubBits)) & ((1 << SubBits) - 1);
        return ((power - SubBits + 1) << SubBits) + sub;
    }

    private static long UpperOf(int index)
    {
        if (index < 1 << SubBits)
        {
            return index;
        }

        var power = (index >> SubBits) + SubBits - 1;
        var sub = index & ((1 << SubBits) - 1);
        return (((1L << SubBits | sub) + 1) << (power - SubBits)) - 1;
    }
}

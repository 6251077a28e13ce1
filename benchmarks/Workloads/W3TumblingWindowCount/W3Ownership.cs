using System.Numerics;

namespace Orleans.Dataflow.Benchmarks.Workloads.W3TumblingWindowCount;

/// <summary>Which W3 events each of <c>n</c> source partitions reads: a bitmap of event indices per partition, partition <c>w</c> holding the events whose key number is <c>w</c> modulo <c>n</c>.</summary>
/// <remarks>
/// A consumer of a topic partitioned by key reads its own partition and never sees the others' records. Without this
/// every source partition computed the key of every event to skip the ones that were not its own: at 2 workers that
/// doubled the generator's work, a cost of the benchmark's data rather than of the engine. Made once per worker count,
/// outside the measured runs (<see cref="W3Workload"/> keeps it from the warm-up on); a partition then finds its next
/// event with a bit scan and computes only its own events' keys, as the baseline computes each event's key once.
/// </remarks>
public sealed class W3Ownership
{
    private readonly ulong[][] _bits;

    private W3Ownership(ulong[][] bits)
    {
        _bits = bits;
    }

    /// <summary>The number of source partitions the events are split over.</summary>
    public int PartitionCount => _bits.Length;

    /// <summary>Splits the <paramref name="count"/> events seeded <paramref name="seed"/> over <paramref name="partitionCount"/> partitions by key number.</summary>
    public static W3Ownership Split(ulong seed, long count, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        var words = checked((int)((count + 63) / 64));
        var bits = new ulong[partitionCount][];
        for (var p = 0; p < partitionCount; p++)
        {
            bits[p] = new ulong[words];
        }

        for (long i = 0; i < count; i++)
        {
            bits[WindowEvents.KeyNumber(seed, i) % partitionCount][i >> 6] |= 1UL << (int)(i & 63);
        }

        return new W3Ownership(bits);
    }

    /// <summary>The first event of partition <paramref name="partition"/> at or after <paramref name="index"/>, or -1 when it has none left.</summary>
    public long NextOwned(int partition, long index)
    {
        var bits = _bits[partition];
        var word = index >> 6;
        if (word >= bits.Length)
        {
            return -1;
        }

        var remaining = bits[word] & (ulong.MaxValue << (int)(index & 63));
        while (remaining == 0)
        {
            if (++word == bits.Length)
            {
                return -1;
            }

            remaining = bits[word];
        }

        return (word << 6) + BitOperations.TrailingZeroCount(remaining);
    }
}

namespace Orleans.Dataflow.Serialization;

/// <summary>A 64-bit hash of a string that is the same in every process, run and machine (FNV-1a over UTF-16 code units).</summary>
/// <remarks>Routes keys to key partitions; never <see cref="string.GetHashCode()"/>, which is randomized per process.</remarks>
public static class StableHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;
    private const ulong PrimeSquared = unchecked(Prime * Prime);

    /// <summary>The hash of <paramref name="key"/>.</summary>
    public static ulong Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = OffsetBasis;
        foreach (var c in key)
        {
            if (c <= 0xFF)
            {
                // The high byte is 0, and x ^ 0 = x: the two steps are one multiplication by Prime², the same hash in half the time.
                hash = (hash ^ c) * PrimeSquared;
                continue;
            }

            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        // FNV's low bits mix poorly for short keys; a final avalanche spreads them over all partitions.
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        return hash;
    }
}

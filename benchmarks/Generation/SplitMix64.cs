namespace Orleans.Dataflow.Benchmarks.Generation;

/// <summary>The SplitMix64 generator of <c>benchmarks.md</c>, so that any language can produce the same records.</summary>
/// <remarks>
/// Wrapping 64-bit arithmetic throughout. Record <c>i</c> of a workload seeded <c>seed</c> draws from its own
/// generator (<see cref="ForRecord"/>), so any worker can produce any record without producing the ones before it.
/// A mutable struct: keep it in a local and do not copy it in the middle of a sequence.
/// </remarks>
public struct SplitMix64
{
    /// <summary>The golden-ratio increment of the state, also the multiplier of the per-record seed.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    private ulong _state;

    /// <summary>Creates a generator whose first <see cref="Next"/> returns the SplitMix64 output after <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed)
    {
        _state = seed;
    }

    /// <summary>The generator of record <paramref name="index"/>: seeded <c>seed ^ (index * Gamma)</c>, wrapping.</summary>
    public static SplitMix64 ForRecord(ulong seed, long index) => new(seed ^ unchecked((ulong)index * Gamma));

    /// <summary>Advances the state and returns the next 64 pseudo-random bits.</summary>
    public ulong Next()
    {
        unchecked
        {
            _state += Gamma;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}

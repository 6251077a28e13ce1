using System.Globalization;
using System.Runtime.CompilerServices;
using Orleans.Dataflow.Benchmarks.Generation;

namespace Orleans.Dataflow.Benchmarks.Workloads.W2KeyedRunningSum;

/// <summary>The W2 events: event <c>i</c> draws <c>key = next() % 100000</c>, then <c>value = next() % 1000</c>.</summary>
/// <remarks>
/// Keys are strings, as the engine's keys are. The 100 000 key strings are made once (<see cref="KeyStrings"/>)
/// and looked up by index on both sides, so the benchmark measures the engine, not <c>long.ToString</c>.
/// </remarks>
public static class KeyedEvents
{
    /// <summary>How many different keys there are.</summary>
    public const int KeyCount = 100_000;

    /// <summary>Values are below this.</summary>
    public const ulong ValueRange = 1_000;

    /// <summary>The key strings <c>"0" … "99999"</c>, index = key number.</summary>
    public static string[] KeyStrings()
    {
        var keys = new string[KeyCount];
        for (var k = 0; k < keys.Length; k++)
        {
            keys[k] = k.ToString(CultureInfo.InvariantCulture);
        }

        return keys;
    }

    /// <summary>Event <paramref name="index"/> of the data set seeded <paramref name="seed"/>, its key taken from <paramref name="keys"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (string Key, long Value) At(ulong seed, long index, string[] keys)
    {
        var random = SplitMix64.ForRecord(seed, index);
        var key = keys[(int)(random.Next() % KeyCount)];
        var value = (long)(random.Next() % ValueRange);
        return (key, value);
    }
}

using System.Globalization;
using System.Runtime.CompilerServices;
using Orleans.Dataflow.Benchmarks.Generation;

namespace Orleans.Dataflow.Benchmarks.Workloads.W3TumblingWindowCount;

/// <summary>The W3 events: event <c>i</c> has timestamp <c>i</c> ms from the Unix epoch and draws <c>key = next() % 1000</c>.</summary>
/// <remarks>
/// Keys are strings, as the engine's keys are. The 1 000 key strings are made once (<see cref="KeyStrings"/>) and
/// looked up by index on both sides, so the benchmark measures the engine, not <c>long.ToString</c>.
/// </remarks>
public static class WindowEvents
{
    /// <summary>How many different keys there are.</summary>
    public const int KeyCount = 1_000;

    /// <summary>The length of the tumbling windows, aligned at the Unix epoch.</summary>
    public static readonly TimeSpan WindowLength = TimeSpan.FromSeconds(60);

    /// <summary>The key strings <c>"0" … "999"</c>, index = key number.</summary>
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
    public static WindowEvent At(ulong seed, long index, string[] keys) => Event(index, KeyNumber(seed, index), keys);

    /// <summary>The key number of event <paramref name="index"/>: by which the engine's source partitions split the events, and all a partition computes of an event that is not its own.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int KeyNumber(ulong seed, long index) => (int)(SplitMix64.ForRecord(seed, index).Next() % KeyCount);

    /// <summary>Event <paramref name="index"/>, whose key number is <paramref name="keyNumber"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WindowEvent Event(long index, int keyNumber, string[] keys)
        => new(keys[keyNumber], new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (index * TimeSpan.TicksPerMillisecond), TimeSpan.Zero));

    /// <summary>The id of the window holding <paramref name="timestamp"/>: floor((timestamp - epoch) / 60 s), as the engine numbers tumbling windows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long WindowOf(DateTimeOffset timestamp)
    {
        var sinceEpoch = timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var length = WindowLength.Ticks;
        var quotient = sinceEpoch / length;
        return sinceEpoch % length < 0 ? quotient - 1 : quotient;
    }
}

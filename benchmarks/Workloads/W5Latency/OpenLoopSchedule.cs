using System.Diagnostics;

namespace Orleans.Dataflow.Benchmarks.Workloads.W5Latency;

/// <summary>When each record of an open-loop run is due: record <c>i</c> at <c>start + i / rate</c>, the start set by the first partition to read.</summary>
/// <remarks>
/// Open loop: a record is due at its time whether or not the flow kept up, so a stall shows as the latency of every
/// record behind it (no coordinated omission). Records due in the first <c>warmUp</c> are not measured: the threads
/// and caches settle then. Thread-safe.
/// </remarks>
/// <param name="recordsPerSecond">The rate, over all partitions.</param>
/// <param name="duration">How long records keep coming after the warm-up.</param>
/// <param name="warmUp">How long records come before any is measured.</param>
public sealed class OpenLoopSchedule(double recordsPerSecond, TimeSpan duration, TimeSpan warmUp)
{
    private long _start;

    /// <summary>Records in all.</summary>
    public long Count { get; } = (long)(recordsPerSecond * (duration + warmUp).TotalSeconds);

    /// <summary>The rate, over all partitions.</summary>
    public double RecordsPerSecond => recordsPerSecond;

    /// <summary>The <see cref="Stopwatch"/> timestamp of record 0, setting it to now on the first call.</summary>
    public long Start
    {
        get
        {
            var start = Volatile.Read(ref _start);
            if (start != 0)
            {
                return start;
            }

            Interlocked.CompareExchange(ref _start, Stopwatch.GetTimestamp(), 0);
            return Volatile.Read(ref _start);
        }
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp at which record <paramref name="index"/> is due.</summary>
    public long DueOf(long index) => Start + (long)(index * (Stopwatch.Frequency / recordsPerSecond));

    /// <summary>The first due timestamp that is measured.</summary>
    public long MeasuredFrom => Start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
}

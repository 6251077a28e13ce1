using System.Diagnostics;
using System.Runtime;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>Times one run and takes its allocation, GC and peak-RSS figures.</summary>
public static class Measurer
{
    /// <summary>Settles the process (see <see cref="Settle"/>), then runs <paramref name="run"/> under a stopwatch.</summary>
    public static RunMeasurement Measure(Func<Checksum> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Settle();
        return Time(run);
    }

    /// <summary>Collects garbage and resets the peak RSS, so that the next run neither pays for the garbage of the one before nor reports its peak.</summary>
    /// <remarks>Call it before the timer starts: the collection is not part of any run.</remarks>
    public static void Settle()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        PeakMemory.Reset();
    }

    /// <summary>Runs <paramref name="run"/> under a stopwatch as it is, taking the process's processor time, allocation, collections and peak RSS around it.</summary>
    /// <remarks>The peak RSS is the peak since the last <see cref="Settle"/>, which the caller makes before whatever else it does untimed.</remarks>
    public static RunMeasurement Time(Func<Checksum> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var jit = JitInfo.GetCompilationTime();
        var stopwatch = Stopwatch.StartNew();
        var checksum = run();
        stopwatch.Stop();
        process.Refresh();
        return new RunMeasurement(
            stopwatch.Elapsed,
            process.TotalProcessorTime - cpu,
            GC.GetTotalAllocatedBytes(precise: true) - allocated,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2,
            PeakMemory.ReadBytes(),
            checksum,
            JitInfo.GetCompilationTime() - jit);
    }
}

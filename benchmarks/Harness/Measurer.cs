using System.Diagnostics;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>Times one run and takes its allocation, GC and peak-RSS figures.</summary>
public static class Measurer
{
    /// <summary>Collects garbage, resets the peak RSS, then runs <paramref name="run"/> under a stopwatch.</summary>
    /// <remarks>The collection before the run is outside the timer, so a run does not pay for the garbage of the one before.</remarks>
    public static RunMeasurement Measure(Func<Checksum> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        PeakMemory.Reset();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
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
            checksum);
    }
}

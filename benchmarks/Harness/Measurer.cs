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

    /// <summary>How long the JIT must have compiled nothing before a run starts.</summary>
    private static readonly TimeSpan _jitIdle = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait for the JIT to be idle before a run starts anyway.</summary>
    private static readonly TimeSpan _jitIdleWaitLimit = TimeSpan.FromSeconds(3);

    /// <summary>Collects garbage, waits for the JIT to be idle and resets the peak RSS, so that the next run neither pays for the garbage or the tiered recompiling of the ones before nor reports their peak.</summary>
    /// <remarks>
    /// Call it before the timer starts: none of it is part of any run. Tiered compilation promotes hot methods on a
    /// background thread after they have run a number of times, so what one run made hot was measured recompiling
    /// inside the next, whichever mode that was: the baseline loop showed up to 79 ms of compiling in a 0.17 s run
    /// of W3, after an engine run. What a run compiles itself still counts in its time.
    /// </remarks>
    public static void Settle()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        WaitForIdleJit();
        PeakMemory.Reset();
    }

    /// <summary>Waits until the JIT has compiled nothing for <see cref="_jitIdle"/>, at most <see cref="_jitIdleWaitLimit"/>.</summary>
    private static void WaitForIdleJit()
    {
        var limit = Stopwatch.StartNew();
        var compiled = JitInfo.GetCompilationTime();
        while (limit.Elapsed < _jitIdleWaitLimit)
        {
            Thread.Sleep(_jitIdle);
            var now = JitInfo.GetCompilationTime();
            if (now == compiled)
            {
                return;
            }

            compiled = now;
        }
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

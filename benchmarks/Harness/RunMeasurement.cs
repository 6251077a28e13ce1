namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>What one timed run of one mode measured.</summary>
/// <param name="Elapsed">Wall-clock time of the run, plan building and thread start-up included for the engine.</param>
/// <param name="CpuTime">Processor time of the whole process during the run, all threads (workers, GC, JIT) together.</param>
/// <param name="AllocatedBytes">Bytes allocated by all threads during the run (<see cref="GC.GetTotalAllocatedBytes(bool)"/> delta).</param>
/// <param name="Gen0">Gen-0 collections during the run.</param>
/// <param name="Gen1">Gen-1 collections during the run.</param>
/// <param name="Gen2">Gen-2 collections during the run.</param>
/// <param name="PeakRssBytes">Peak resident set size during the run (see <see cref="PeakMemory"/>).</param>
/// <param name="Checksum">What the run's sink counted.</param>
/// <param name="JitTime">Time the JIT spent compiling during the run, on any thread (<see cref="System.Runtime.JitInfo.GetCompilationTime(bool)"/> delta).</param>
/// <param name="StoreBytes">The size of the run's recovery directory once the run has ended and closed its store; null for a run without a store.</param>
/// <param name="TransportBytes">The bytes of exchange batches the silos of a cluster run sent each other during the run; null for a run on one silo.</param>
/// <param name="Note">The workload's note on an engine run, printed beside its time (<see cref="IWorkload.LastEngineRunNote"/>); null when there is none.</param>
public sealed record RunMeasurement(TimeSpan Elapsed, TimeSpan CpuTime, long AllocatedBytes, int Gen0, int Gen1, int Gen2, long PeakRssBytes, Checksum Checksum, TimeSpan JitTime,
    long? StoreBytes = null, long? TransportBytes = null, string? Note = null);

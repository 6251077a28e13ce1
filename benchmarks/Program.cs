using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Orleans.Dataflow.Benchmarks.Harness;
using Orleans.Dataflow.Benchmarks.Workloads;
using Orleans.Dataflow.Benchmarks.Workloads.W5Latency;

namespace Orleans.Dataflow.Benchmarks;

/// <summary>The benchmark program: runs the workloads of <c>benchmarks.md</c> and prints one table per workload.</summary>
/// <remarks>
/// Exit code 0 when every checksum matched, 1 on a checksum mismatch or a failed run, 2 on a bad command line.
/// A missed throughput floor is printed (FAIL) but does not change the exit code: timings vary between machines.
/// </remarks>
public static class Program
{
    /// <summary>Parses the command line, runs the chosen workloads and prints their tables and a summary; or serves as a cluster member.</summary>
    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var output = Console.Out;
        BenchmarkOptions options;
        try
        {
            options = BenchmarkOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(BenchmarkOptions.Usage);
            return 2;
        }

        if (options.Help)
        {
            output.WriteLine(BenchmarkOptions.Usage);
            return 0;
        }

        if (options.ModeProcess is not null)
        {
            return BenchmarkRunner.ServeMode(options);
        }

        PrintEnvironment(options, output);
        RuntimeProbe.Print(output);
        if (options.StateTtl)
        {
            StateLifetimeReport.Print(output, options.Quick ? BenchmarkOptions.QuickDivisor : 1);
        }

        if (options.Kafka)
        {
            KafkaReport.Print(output, options.Quick ? BenchmarkOptions.QuickDivisor : 1, options.Runs);
        }

        if (options.Latency)
        {
            W5Report.Print(output, options.Quick, options.LatencySeconds);
        }

        var reports = new List<WorkloadReport>();
        var failed = false;
        foreach (var name in options.Names)
        {
            var workload = WorkloadCatalog.Create(name, options.Quick ? BenchmarkOptions.QuickDivisor : 1);
            try
            {
                reports.Add(BenchmarkRunner.Run(workload, options, output));
            }
            catch (Exception e)
            {
                output.WriteLine($"FAILED: {workload.Title}: {e}");
                failed = true;
            }
            finally
            {
                workload.Release();
            }
        }

        if (reports.Count > 0)
        {
            ResultTable.PrintSummary(reports, output);
        }

        var mismatched = reports.Any(r => !r.ChecksumsOk);
        output.WriteLine(mismatched ? "MISMATCH: some checksums differ from the baseline; timings are not to be trusted"
            : failed ? "FAILED: a workload did not complete"
            : "all checksums match the baseline");
        return mismatched || failed ? 1 : 0;
    }

    /// <summary>The garbage collector's mode, heaps and dynamic adaptation, as the runtime reports them: they move the figures of every allocating workload.</summary>
    private static string GarbageCollector()
    {
        var variables = GC.GetConfigurationVariables();
        var heaps = variables.TryGetValue("HeapCount", out var count) ? $", {count} heap(s)" : string.Empty;
        var adaptation = variables.TryGetValue("GCDynamicAdaptationMode", out var mode) ? $", dynamic adaptation {mode}" : string.Empty;
        return $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC ({GCSettings.LatencyMode}{heaps}{adaptation})";
    }

    private static void PrintEnvironment(BenchmarkOptions options, TextWriter output)
    {
#if DEBUG
        const string configuration = "Debug (figures are not meaningful; use -c Release)";
#else
        const string configuration = "Release";
#endif
        output.WriteLine($"Orleans.Dataflow benchmarks: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}, "
            + $"{Environment.ProcessorCount} logical CPUs, {GarbageCollector()}, {configuration}");
        output.WriteLine($"workloads {string.Join(' ', options.Names)}; engine workers {string.Join(',', options.Workers)}; runs {options.Runs} (median) after warm-up rounds"
            + (options.Recovery ? "; RECOVERY: each worker count with 1 s epochs, without a store and with a SQLite store" : string.Empty)
            + (options.Cluster ? $"; CLUSTER: {string.Join(' ', WorkloadCatalog.ClusterNames)} also as 2 Orleans silos x 1 worker in this process (Orleans' in-memory transport, batches serialized as between processes)" : string.Empty)
            + (options.Quick ? $"; QUICK: sizes / {BenchmarkOptions.QuickDivisor} (smoke run, floors not meaningful)" : string.Empty));
        output.WriteLine($"records/s counts input records (W0 integers, W1 lines, W2 and W3 events); peak RSS is {(PeakMemory.IsPerRunSupported ? "per run (VmHWM reset before each run)" : "the process's peak so far")}");
    }
}

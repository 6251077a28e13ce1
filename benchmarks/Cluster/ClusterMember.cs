using Orleans.Dataflow.Benchmarks.Harness;
using Orleans.Dataflow.Benchmarks.Workloads;
using Orleans.Dataflow.Silo.Cluster;

namespace Orleans.Dataflow.Benchmarks.Cluster;

/// <summary>The benchmark program started as one process of a loopback cluster: makes its workload's data, then runs its part of one engine run per <see cref="RunCommand"/> line on standard input.</summary>
/// <remarks>
/// Writes <see cref="ClusterMemberReport.Ready"/> once the data is made (untimed, as in the benchmark's own process),
/// then answers each run with a run line of <see cref="ClusterMemberReport"/>. Ends with exit code 0 when its input
/// ends, 1 when a run fails (the error goes to standard error), 2 on a bad command line.
/// </remarks>
public static class ClusterMember
{
    /// <summary>The line on standard input that starts one run.</summary>
    public const string RunCommand = "run";

    /// <summary>Runs the member that <paramref name="args"/> (starting with <see cref="ClusterMemberOptions.Flag"/>) describe until <paramref name="input"/> ends.</summary>
    public static int Serve(IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        ClusterMemberOptions options;
        try
        {
            options = ClusterMemberOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            errors.WriteLine(e.Message);
            return 2;
        }

        try
        {
            RunUntilInputEnds(options, input, output);
            return 0;
        }
        catch (Exception e)
        {
            errors.WriteLine($"cluster member {options.ProcessId} failed: {e}");
            return 1;
        }
    }

    private static void RunUntilInputEnds(ClusterMemberOptions options, TextReader input, TextWriter output)
    {
        var workload = WorkloadCatalog.CreateSized(options.Workload, options.Records);
        workload.Prepare();
        var part = new ClusterPart(new ClusterOptions { ProcessId = options.ProcessId, Addresses = options.Addresses });
        var mode = new EngineMode(LoopbackCluster.WorkersPerProcess, EngineSettings.EpochInterval, Recovery: null, Cluster: part);
        output.WriteLine(ClusterMemberReport.Ready);
        while (input.ReadLine() is { } command)
        {
            if (command != RunCommand)
            {
                throw new InvalidOperationException($"unknown command '{command}'; a cluster member reads '{RunCommand}' lines");
            }

            workload.RunEngine(mode);
            output.WriteLine(ClusterMemberReport.Format(part.LastRun!));
        }
    }
}

using Orleans.Dataflow.Benchmarks.Harness;
using Orleans.Dataflow.Benchmarks.Workloads.Nexmark;
using Orleans.Dataflow.Benchmarks.Workloads.W0StatelessChain;
using Orleans.Dataflow.Benchmarks.Workloads.W1WordCount;
using Orleans.Dataflow.Benchmarks.Workloads.W2KeyedRunningSum;
using Orleans.Dataflow.Benchmarks.Workloads.W3TumblingWindowCount;

namespace Orleans.Dataflow.Benchmarks.Workloads;

/// <summary>The workloads by their command-line name, so that the program and the cluster members it starts make the same one.</summary>
public static class WorkloadCatalog
{
    /// <summary>Every workload's name, in the order the program runs them by default.</summary>
    public static IReadOnlyList<string> Names { get; } = ["w0", "w1", "w2", "w3"];

    /// <summary>The NEXMark queries, run by <c>--nexmark</c> or by name; not among the default workloads.</summary>
    public static IReadOnlyList<string> NexmarkNames { get; } = ["q0", "q1", "q2", "q5", "q7", "q8"];

    /// <summary>Whether <paramref name="name"/> names a workload.</summary>
    public static bool IsKnown(string name) => Names.Contains(name) || NexmarkNames.Contains(name);

    /// <summary>The workloads <c>--cluster</c> also runs as 2 processes of 1 worker each: W1 and W2, the keyed workloads the transport is measured on.</summary>
    public static IReadOnlyList<string> ClusterNames { get; } = ["w1", "w2"];

    /// <summary>Creates workload <paramref name="name"/> at its full size divided by <paramref name="divisor"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No workload has that name.</exception>
    public static IWorkload Create(string name, long divisor) => CreateSized(name, FullCount(name) / divisor);

    /// <summary>Creates workload <paramref name="name"/> over <paramref name="records"/> input records.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No workload has that name.</exception>
    public static IWorkload CreateSized(string name, long records) => name switch
    {
        "w0" => new W0Workload(records),
        "w1" => new W1Workload(records),
        "w2" => new W2Workload(records),
        "w3" => new W3Workload(records),
        "q0" => new Q0PassThrough(records),
        "q1" => new Q1CurrencyConversion(records),
        "q2" => new Q2Selection(records),
        "q5" => new Q5HotItems(records),
        "q7" => new Q7HighestBid(records),
        "q8" => new Q8NewUsers(records),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown workload"),
    };

    private static long FullCount(string name) => name switch
    {
        "w0" => W0Workload.FullCount,
        "w1" => W1Workload.FullCount,
        "w2" => W2Workload.FullCount,
        "w3" => W3Workload.FullCount,
        "q0" => Q0PassThrough.FullCount,
        "q1" => Q1CurrencyConversion.FullCount,
        "q2" => Q2Selection.FullCount,
        "q5" => Q5HotItems.FullCount,
        "q7" => Q7HighestBid.FullCount,
        "q8" => Q8NewUsers.FullCount,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown workload"),
    };
}

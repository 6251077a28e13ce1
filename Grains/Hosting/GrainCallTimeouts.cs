namespace Orleans.Dataflow.Grains.Hosting;

/// <summary>The response timeouts of the dataflow's grain calls that must not use Orleans' default (30 s): calls that wait for code to load, nested so that each outlasts the calls it waits for, and calls whose caller must wait for as long as the callee is busy.</summary>
/// <remarks>
/// A call to a grain whose silo dies fails once the membership declares the silo dead, whatever its timeout: a long
/// timeout only lets a busy grain answer late.
/// </remarks>
internal static class GrainCallTimeouts
{
    /// <summary>A partition's silo loads the flow's code (<see cref="Partitions.IPartitionGrain.Prepare"/>): a script compiles in seconds, longer on a busy silo.</summary>
    public const string Prepare = "00:02:00";

    /// <summary>The frontier loads the code on its silo, then waits for every partition's <see cref="Prepare"/> (<see cref="Coordination.IFrontierGrain.Start"/>).</summary>
    public const string StartFrontier = "00:05:00";

    /// <summary>The flow grain loads the code on its silo, then waits for the frontier's <see cref="StartFrontier"/> (<see cref="Flows.IFlowGrain.Submit"/>, <see cref="Flows.IFlowGrain.Deploy"/>, <see cref="Flows.IFlowGrain.Resume"/>).</summary>
    public const string Deploy = "00:08:00";

    /// <summary>Calls whose caller gives up only when the callee's silo is gone: the batches a partition delivers to another (taken when that worker has room).</summary>
    public const string UntilAnswered = "01:00:00";

    /// <summary>A partition's report to its frontier (<see cref="Coordination.IFrontierGrain.Report"/>): made again with the same sequence number when unanswered this long, so a lost call or answer delays the partition, never strands it.</summary>
    public const string Report = "00:00:30";
}

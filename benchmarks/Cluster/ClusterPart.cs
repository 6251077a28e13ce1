using Orleans.Dataflow.Benchmarks.Checksums;
using Orleans.Dataflow.Benchmarks.Harness;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Cluster;

namespace Orleans.Dataflow.Benchmarks.Cluster;

/// <summary>This process's part of engine runs over a loopback cluster: joins the other processes for each run and times the run itself, from just before <c>DataflowExecution.Run</c> to its return.</summary>
/// <remarks>
/// A workload's engine run reaches it through <see cref="EngineMode.Cluster"/>, so the workload builds its flow as in
/// any other mode. The join returns once every process is connected and runs the same flow: it is the start barrier,
/// and it stays outside the timer, as does leaving the cluster. One run at a time.
/// </remarks>
/// <param name="options">Who this process is and where the others listen.</param>
public sealed class ClusterPart(ClusterOptions options)
{
    /// <summary>What the last <see cref="Run"/> measured of this process: its time, processor time, allocation, collections, peak RSS, its sink's share of the checksum, and the bytes it sent to the others during the run; null before the first run.</summary>
    public RunMeasurement? LastRun { get; private set; }

    /// <summary>Settles this process, joins the cluster, runs this process's workers of <paramref name="flow"/> under the timer, then leaves the cluster.</summary>
    /// <param name="flow">The flow every process runs.</param>
    /// <param name="execution">This process's execution options, without a recovery store.</param>
    /// <param name="totals">What this process's sink partitions add up: read for the checksum once the run has returned.</param>
    /// <exception cref="Grains.Cluster.ClusterException">Another process did not join in time, or was lost during the run.</exception>
    public ExecutionResult Run(Dataflow flow, ExecutionOptions execution, ChecksumTotals totals)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(totals);
        Measurer.Settle();
        using var cluster = TcpCluster.Join(flow, execution, options, recovery: false);
        var sentBeforeRun = cluster.BytesSent;
        ExecutionResult? result = null;
        var measurement = Measurer.Time(() =>
        {
            result = DataflowExecution.Run(flow, execution, cluster);
            return totals.Value;
        });
        LastRun = measurement with { TransportBytes = cluster.BytesSent - sentBeforeRun };
        return result!;
    }
}

using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.TestingHost;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>Where a test runs a flow: one process with some workers, or an Orleans <see cref="TestCluster"/> of silos.</summary>
/// <param name="Silos">Processes (silos); 1 runs in this process without a transport between processes.</param>
/// <param name="Workers">Workers in each silo.</param>
public sealed record Topology(int Silos, int Workers)
{
    /// <summary>The reference every other topology must agree with.</summary>
    public static Topology Single { get; } = new(1, 1);

    /// <summary>Runs <paramref name="flow"/> here, with <paramref name="options"/> but this topology's workers.</summary>
    public ExecutionResult Run(Dataflow flow, ExecutionOptions options, CancellationToken stop = default)
        => Silos == 1
            ? DataflowExecution.Run(flow, options with { WorkerCount = Workers }, stop)
            : new TestCluster(Silos, Workers).Run(flow, options, stop);

    /// <inheritdoc/>
    public override string ToString() => $"{Silos} silo(s) × {Workers} worker(s)";
}

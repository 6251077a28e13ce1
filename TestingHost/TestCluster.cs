using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using Orleans.Dataflow.Grains.Cluster;
using Orleans.Dataflow.Grains.Execution;

namespace Orleans.Dataflow.TestingHost;

/// <summary>Several silos in one process, connected over loopback TCP exactly as separate processes are: for testing that a flow gives the same results on a cluster.</summary>
/// <remarks>
/// <para>
/// Each silo is a <c>TcpCluster</c> member with <see cref="WorkersPerSilo"/> worker threads; records between silos go
/// through their serde and the cluster protocol, so a type that cannot cross processes fails here too. Silo 0 keeps
/// the recovery store given in the options. Sources and sinks are the flow's own objects, shared by the silos, so a
/// <c>TestingSink</c> collects what every silo's workers emit.
/// </para>
/// <code>
/// var cluster = new TestCluster(silos: 2, workersPerSilo: 2);
/// cluster.Run(flow);   // as DataflowExecution.Run, on 4 workers in 2 silos
/// </code>
/// </remarks>
public sealed class TestCluster
{
    /// <summary>Creates a cluster of <paramref name="silos"/> silos with <paramref name="workersPerSilo"/> workers each.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1.</exception>
    public TestCluster(int silos, int workersPerSilo = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workersPerSilo, 1);
        SiloCount = silos;
        WorkersPerSilo = workersPerSilo;
    }

    /// <summary>How many silos run each flow.</summary>
    public int SiloCount { get; }

    /// <summary>Worker threads in each silo.</summary>
    public int WorkersPerSilo { get; }

    /// <summary>How long a silo may stay silent before the others count it as lost. Default 5 s.</summary>
    public TimeSpan FailureTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long silos wait for each other to connect. Default 30 s.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="flow"/> on every silo and returns silo 0's result once all have ended, like <see cref="DataflowExecution.Run(Dataflow, ExecutionOptions?, CancellationToken)"/>.</summary>
    /// <param name="flow">The flow.</param>
    /// <param name="options">The execution options; <see cref="ExecutionOptions.WorkerCount"/> is replaced by <see cref="WorkersPerSilo"/>, and the recovery store is silo 0's.</param>
    /// <param name="stop">Cancelling it stops the whole cluster gracefully after the current epoch.</param>
    /// <exception cref="DataflowException">User code threw on some silo (this is that silo's error, not the others' reports of it).</exception>
    /// <exception cref="ClusterException">A silo was lost or could not join.</exception>
    public ExecutionResult Run(Dataflow flow, ExecutionOptions? options = null, CancellationToken stop = default)
    {
        var outcomes = Start(flow, options, stop).Wait();
        var errors = outcomes.Select(o => o.Error).OfType<Exception>().ToList();
        if (errors.Count > 0)
        {
            ExceptionDispatchInfo.Throw(errors.FirstOrDefault(e => e is not ClusterException) ?? errors[0]);
        }

        return outcomes[0].Result!;
    }

    /// <summary>Starts <paramref name="flow"/> on every silo and returns at once, so a test can kill silos while it runs.</summary>
    public RunningTestCluster Start(Dataflow flow, ExecutionOptions? options = null, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var execution = (options ?? new ExecutionOptions()) with { WorkerCount = WorkersPerSilo };
        var listeners = Enumerable.Range(0, SiloCount).Select(_ => Listen()).ToList();
        var addresses = listeners.Select(l => new DnsEndPoint(IPAddress.Loopback.ToString(), ((IPEndPoint)l.LocalEndPoint!).Port)).ToList();
        var silos = Enumerable.Range(0, SiloCount)
            .Select(id => new TestSilo(id, flow, execution, new Silo.Cluster.ClusterOptions
            {
                ProcessId = id,
                Addresses = addresses,
                Listener = listeners[id],
                StartupTimeout = StartupTimeout,
                FailureTimeout = FailureTimeout,
            }, stop))
            .ToList();
        return new RunningTestCluster(silos);
    }

    private static Socket Listen()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        return listener;
    }
}

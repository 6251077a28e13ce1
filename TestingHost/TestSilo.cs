using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Cluster;

namespace Orleans.Dataflow.TestingHost;

/// <summary>One silo of a <see cref="TestCluster"/> run: a thread that joins the cluster and runs its part of the flow.</summary>
internal sealed class TestSilo
{
    private readonly object _gate = new();
    private readonly Thread _thread;
    private TcpCluster? _membership;
    private bool _killed;

    public TestSilo(int id, Dataflow flow, ExecutionOptions execution, ClusterOptions cluster, CancellationToken stop)
    {
        Id = id;
        _thread = new Thread(() => Run(flow, execution, cluster, stop)) { Name = $"test silo {id}", IsBackground = true };
        _thread.Start();
    }

    public int Id { get; }

    public SiloOutcome? Outcome { get; private set; }

    /// <summary>Bytes this silo sent to the others (zero until it has joined).</summary>
    public long BytesSent => _membership?.BytesSent ?? 0;

    /// <summary>Waits for the silo's run to end, up to <paramref name="timeout"/>.</summary>
    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    /// <summary>Cuts the silo off as a crash would; a silo that has not joined yet is killed as soon as it does.</summary>
    public void Kill()
    {
        lock (_gate)
        {
            _killed = true;
            _membership?.Kill();
        }
    }

    private void Run(Dataflow flow, ExecutionOptions execution, ClusterOptions cluster, CancellationToken stop)
    {
        try
        {
            using var membership = TcpCluster.Join(flow, execution, cluster, recovery: execution.Recovery is not null);
            lock (_gate)
            {
                _membership = membership;
                if (_killed)
                {
                    membership.Kill();
                }
            }

            Outcome = new SiloOutcome(Id, DataflowExecution.Run(flow, execution, membership, stop), null);
        }
        catch (Exception e)
        {
            Outcome = new SiloOutcome(Id, null, e);
        }
    }
}

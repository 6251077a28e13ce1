namespace Orleans.Dataflow.TestingHost;

/// <summary>A <see cref="TestCluster"/> run in progress: kill silos while it runs, then wait for every silo's outcome.</summary>
public sealed class RunningTestCluster
{
    private readonly IReadOnlyList<TestSilo> _silos;

    internal RunningTestCluster(IReadOnlyList<TestSilo> silos) => _silos = silos;

    /// <summary>Bytes all silos have sent to each other over loopback so far.</summary>
    public long BytesSent => _silos.Sum(s => s.BytesSent);

    /// <summary>Cuts silo <paramref name="siloId"/> off at once, as a crash would: its connections are reset without a word and its workers stop; the others must notice and stop.</summary>
    public void Kill(int siloId) => _silos[siloId].Kill();

    /// <summary>Waits until every silo's run has ended and returns how each ended, in silo order.</summary>
    /// <exception cref="TimeoutException">A silo did not end within <paramref name="timeout"/> (default 60 s): the cluster hangs.</exception>
    public IReadOnlyList<SiloOutcome> Wait(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        foreach (var silo in _silos)
        {
            if (!silo.Join(deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero))
            {
                throw new TimeoutException($"silo {silo.Id} of the test cluster did not end in time");
            }
        }

        return _silos.Select(s => s.Outcome!).ToList();
    }
}

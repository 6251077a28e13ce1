using System.Net;
using System.Net.Sockets;

namespace Orleans.Dataflow.Silo.Cluster;

/// <summary>How this process joins a cluster: who it is, where every process listens, and how long it waits for and on the others.</summary>
public sealed record ClusterOptions
{
    /// <summary>This process's index in <see cref="Addresses"/>; process 0 keeps the recovery store.</summary>
    public int ProcessId { get; init; }

    /// <summary>The address of every process in process-id order; this process listens on the port of its own entry.</summary>
    public IReadOnlyList<DnsEndPoint> Addresses { get; init; } = [];

    /// <summary>How long to wait for every other process to connect before giving up with an error naming the missing ones. Default 60 s.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long another process may stay silent before it counts as lost; heartbeats go out several times within it. Default 5 s.</summary>
    public TimeSpan FailureTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A socket already bound to this process's address, for hosts that pick free ports themselves (a test cluster); null binds one here.</summary>
    public Socket? Listener { get; init; }

    /// <summary>Checks the options and returns them.</summary>
    /// <exception cref="ArgumentException">There are no addresses, the process id is not among them, an address repeats, or a timeout is not positive.</exception>
    public ClusterOptions Validate()
    {
        if (Addresses.Count == 0)
        {
            throw new ArgumentException("a cluster needs the address of every process", nameof(Addresses));
        }

        if (ProcessId < 0 || ProcessId >= Addresses.Count)
        {
            throw new ArgumentException($"process id {ProcessId} is not among the {Addresses.Count} addresses (0 to {Addresses.Count - 1})", nameof(ProcessId));
        }

        var repeated = Addresses.GroupBy(a => (a.Host.ToLowerInvariant(), a.Port)).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"address {repeated.First().Host}:{repeated.First().Port} is given for more than one process", nameof(Addresses));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StartupTimeout, TimeSpan.Zero, nameof(StartupTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FailureTimeout, TimeSpan.Zero, nameof(FailureTimeout));
        return this;
    }
}

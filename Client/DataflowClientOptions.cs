using System.Net;

namespace Orleans.Dataflow.Client;

/// <summary>Where a client finds the cluster it submits flows to.</summary>
public sealed class DataflowClientOptions
{
    /// <summary>The gateway of a silo of the cluster (<c>serve --gateway-port</c>); the local silo's default gateway unless set.</summary>
    public IPEndPoint Gateway { get; set; } = new(IPAddress.Loopback, 30000);

    /// <summary>How long to keep trying to reach the gateway before giving up.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

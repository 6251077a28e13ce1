using System.Net;

namespace Orleans.Dataflow.Silo.Service;

/// <summary>How a <c>serve</c> silo runs: where it keeps its data and which loopback ports it listens on.</summary>
public sealed record ServeOptions
{
    /// <summary>The default silo port, Orleans' own.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>The default gateway port, Orleans' own: where clients connect.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>The data directory: the flow registry (<c>registry.sqlite3</c>), submitted code and recovery stores. Created if missing.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>The port other silos reach this one on.</summary>
    public int SiloPort { get; init; } = DefaultSiloPort;

    /// <summary>The port clients connect to.</summary>
    public int GatewayPort { get; init; } = DefaultGatewayPort;

    /// <summary>The silo port of the first silo on this machine, for a silo that joins it; null for the first silo.</summary>
    public IPEndPoint? Join { get; init; }
}

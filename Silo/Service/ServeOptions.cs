using System.Net;

namespace Orleans.Dataflow.Silo.Service;

/// <summary>How a <c>serve</c> silo runs: where it keeps its data and which loopback ports it listens on, and the token of its HTTP API.</summary>
public sealed record ServeOptions
{
    /// <summary>The default silo port, Orleans' own.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>The default gateway port, Orleans' own: where clients connect.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>The default port of the HTTP API, the <c>Silo:Ports:Http</c> default of <c>appsettings.json</c>.</summary>
    public const int DefaultHttpPort = 7300;

    /// <summary>The data directory: the flow registry (<c>registry.sqlite3</c>), submitted code and recovery stores. Created if missing.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>The port other silos reach this one on.</summary>
    public int SiloPort { get; init; } = DefaultSiloPort;

    /// <summary>The port clients connect to.</summary>
    public int GatewayPort { get; init; } = DefaultGatewayPort;

    /// <summary>The loopback port of the HTTP API (<c>/flows</c>, <c>/openapi/v1.json</c>).</summary>
    public int HttpPort { get; init; } = DefaultHttpPort;

    /// <summary>The token every HTTP request must carry as <c>Authorization: Bearer {token}</c>; null: requests need none (the API is on loopback only).</summary>
    public string? Token { get; init; }

    /// <summary>The silo port of the first silo on this machine, for a silo that joins it; null for the first silo.</summary>
    public IPEndPoint? Join { get; init; }
}

using System.Globalization;
using System.Net;
using System.Text;
using Orleans.Dataflow.Silo.Recovery;
using OpenTelemetry.Exporter;

namespace Orleans.Dataflow.Silo.Service;

/// <summary>How a <c>serve</c> silo runs: where it keeps its data, where it listens, where its cluster keeps its membership, and the token of its HTTP API.</summary>
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

    /// <summary>The silo port of the first silo on this machine, for a silo that joins it; null for the first silo. Only without <see cref="Clustering"/>.</summary>
    public IPEndPoint? Join { get; init; }

    /// <summary>A <c>postgres://user:password@host:port/database</c> URL of the database that silos on several machines share; null (the default): localhost clustering on this machine.</summary>
    /// <remarks>
    /// With it, the membership is Orleans' ADO.NET clustering and the flow registry and records Orleans' ADO.NET grain
    /// storage in that database (the tables are created if missing), so no silo holds them alone, and a flow whose
    /// recovery store is a relative directory (the client's default <c>stores/{id}</c>) keeps it in that database too:
    /// a directory under a silo's own data directory is not on the other machines.
    /// </remarks>
    public string? Clustering { get; init; }

    /// <summary>Whether Orleans' own dashboard (Microsoft.Orleans.Dashboard: silos, grain activations, calls, logs) is served at <see cref="OrleansDashboardPath"/>; default false.</summary>
    /// <remarks>It shows grain types, keys and live logs: it stays behind <see cref="Token"/> like the API, which its page cannot send, so with a token a browser reaches it only through a proxy that adds the header.</remarks>
    public bool OrleansDashboard { get; init; }

    /// <summary>The path of Orleans' dashboard when <see cref="OrleansDashboard"/> is on.</summary>
    public const string OrleansDashboardPath = "/orleans";

    /// <summary>The OTLP endpoint (gRPC, e.g. <c>http://127.0.0.1:4317</c>, or see <see cref="OtlpProtocol"/>) the silo exports its traces of the control path to; null (the default): no tracing.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>How traces go to <see cref="OtlpEndpoint"/>: gRPC (the default) or protobuf over HTTP (<c>http/protobuf</c>, to <c>/v1/traces</c> when the endpoint has no path).</summary>
    public OtlpExportProtocol OtlpProtocol { get; init; } = OtlpExportProtocol.Grpc;

    /// <summary>The address the silo port and the gateway listen on and that the silo advertises to the others; default loopback.</summary>
    /// <remarks>Silos on other machines must reach it: with <see cref="Clustering"/> on several machines, give this machine's address on their network.</remarks>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>Prints every option as a record does, but the token as <c>***</c> and the clustering URL without its password, so that options written to a log or an error leak neither.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture,
            $"DataDirectory = {DataDirectory}, SiloPort = {SiloPort}, GatewayPort = {GatewayPort}, HttpPort = {HttpPort}, Token = {(Token is null ? "" : "***")}, ");
        builder.Append(CultureInfo.InvariantCulture,
            $"Join = {Join}, Clustering = {(Clustering is null ? "" : PostgresConnectionUrl.Redact(Clustering))}, OrleansDashboard = {OrleansDashboard}, ");
        builder.Append(CultureInfo.InvariantCulture, $"OtlpEndpoint = {OtlpEndpoint}, OtlpProtocol = {OtlpProtocol}, Address = {Address}");
        return true;
    }
}

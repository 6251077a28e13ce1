using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Dataflow.Client;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Silo.Hosting.Clustering;
using Orleans.Dataflow.Silo.Observability;
using Orleans.Dataflow.Silo.Recovery;
using Orleans.Dataflow.Silo.Service.Dashboard;
using Orleans.Dataflow.Silo.Service.Http;
using Orleans.Dataflow.Silo.Storage;

namespace Orleans.Dataflow.Silo.Service;

/// <summary>The silo that <c>serve</c> runs: an Orleans silo that accepts flows from clients through its gateway and its HTTP API, and keeps their records in the data directory or in the cluster's database.</summary>
/// <remarks>
/// Without <see cref="ServeOptions.Clustering"/>: localhost clustering on loopback (the first silo of the machine is the
/// primary; others join it with <see cref="ServeOptions.Join"/> and share its data directory), the flow registry and
/// records in <c>{data}/registry.sqlite3</c> (<see cref="SqliteGrainStorage"/>). With it: the membership and the flow
/// registry and records in that PostgreSQL database (<see cref="PostgresClustering"/>, as <c>run --clustering</c>), the
/// silo listening on and advertising <see cref="ServeOptions.Address"/>, so silos on several machines, each with a data
/// directory of its own, form one service. Then <see cref="ServiceFlowLoader"/> to load submitted code, and the failure detection
/// of a cluster run (<see cref="FastFailureDetection"/>): a killed silo's flows run again on the others within seconds. Orleans' warnings
/// and the dataflow's events go to stderr, one line each. The host is a web host: Kestrel on <c>127.0.0.1:</c><see cref="ServeOptions.HttpPort"/>
/// serves <see cref="FlowEndpoints"/>, the OpenAPI document <c>/openapi/v1.json</c>, the metrics for Prometheus <c>/metrics</c>
/// (<see cref="DataflowTelemetry"/>; traces go over OTLP to <see cref="ServeOptions.OtlpEndpoint"/> when set), the live dashboard at <c>/</c>
/// (<see cref="DashboardEndpoints"/>) and, with <see cref="ServeOptions.OrleansDashboard"/>, Orleans' own dashboard at
/// <c>/orleans</c>, behind <see cref="BearerToken"/> when <see cref="ServeOptions.Token"/> is set (the dashboard's static files excepted).
/// </remarks>
public static class ServiceSilo
{
    /// <summary>The registry's file name in the data directory.</summary>
    public const string RegistryFileName = "registry.sqlite3";

    /// <summary>The Orleans service id of every <c>serve</c> silo.</summary>
    private const string ServiceId = "dataflow";

    /// <summary>The Orleans cluster id of every <c>serve</c> silo: in a database shared with <c>run --clustering</c> the service's rows stay apart from a run's (<c>dataflow-{flow}</c>), unless that flow is named <c>service</c>.</summary>
    private const string ClusterId = "dataflow-service";

    /// <summary>Builds the silo's host; start it to serve.</summary>
    public static IHost Build(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(data);
        // The empty builder reads no appsettings.json or environment variables: ServeCommand has resolved the options from them already.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.HttpPort));
        builder.Services.AddRouting();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.AddRuntimeEventLogging();
        builder.AddDataflowTelemetry(options.OtlpEndpoint, options.OtlpProtocol);
        builder.Services.AddSingleton<IFlowSourceLoader>(new ServiceFlowLoader(data, options.Clustering));
        builder.Services.AddSingleton(services => new DataflowClient(services.GetRequiredService<IGrainFactory>()));
        builder.UseOrleans(silo =>
        {
            if (options.Clustering is { } clustering)
            {
                UseSharedClustering(silo, PostgresConnectionUrl.Parse(clustering), options);
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, options.Join, serviceId: ServiceId, clusterId: ClusterId)
                    .AddSqliteGrainStorage(FlowStorage.Name, Path.Combine(data, RegistryFileName));
            }

            silo.UseFastFailureDetection(FastFailureDetection.DefaultFailureTimeout).AddDataflow();
            if (options.OrleansDashboard)
            {
                silo.AddDashboard();
            }
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        var app = builder.Build();
        app.UseExceptionHandler();
        // A body that is not JSON, an unknown path or method: ASP.NET Core answers those with an empty body, this makes it a problem too.
        app.UseStatusCodePages();
        app.UseBearerToken(options.Token);
        app.MapOpenApi();
        app.MapFlowEndpoints();
        app.MapDataflowMetrics();
        app.MapDataflowDashboard();
        if (options.OrleansDashboard)
        {
            app.MapOrleansDashboard(ServeOptions.OrleansDashboardPath);
        }

        return app;
    }

    /// <summary>Membership and flow records in the database (as <c>run --clustering</c> keeps them), the silo and its gateway on <see cref="ServeOptions.Address"/>.</summary>
    private static void UseSharedClustering(ISiloBuilder silo, PostgresConnectionUrl url, ServeOptions options)
    {
        PostgresClustering.UsePostgres(silo, url)
            .Configure<EndpointOptions>(endpoints =>
            {
                endpoints.AdvertisedIPAddress = options.Address;
                endpoints.SiloPort = options.SiloPort;
                endpoints.GatewayPort = options.GatewayPort;
                endpoints.SiloListeningEndpoint = new IPEndPoint(options.Address, options.SiloPort);
                endpoints.GatewayListeningEndpoint = new IPEndPoint(options.Address, options.GatewayPort);
            })
            .Configure<ClusterOptions>(cluster =>
            {
                cluster.ServiceId = ServiceId;
                cluster.ClusterId = ClusterId;
            });
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Dataflow.Client;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Silo.Service.Http;
using Orleans.Dataflow.Silo.Storage;

namespace Orleans.Dataflow.Silo.Service;

/// <summary>The silo that <c>serve</c> runs: an Orleans silo on loopback that accepts flows from clients through its gateway and its HTTP API, and keeps their records in the data directory.</summary>
/// <remarks>
/// Localhost clustering (the first silo of the machine is the primary; others join it with <see cref="ServeOptions.Join"/>
/// and share its data directory), the flow registry and records in <c>{data}/registry.sqlite3</c>
/// (<see cref="SqliteGrainStorage"/>), <see cref="ServiceFlowLoader"/> to load submitted code, and the failure detection
/// of a cluster run (<see cref="FastFailureDetection"/>): a killed silo's flows run again on the others within seconds. Orleans' warnings
/// and the dataflow's events go to stderr, one line each. The host is a web host: Kestrel on <c>127.0.0.1:</c><see cref="ServeOptions.HttpPort"/>
/// serves <see cref="FlowEndpoints"/> and the OpenAPI document <c>/openapi/v1.json</c>, behind <see cref="BearerToken"/> when
/// <see cref="ServeOptions.Token"/> is set.
/// </remarks>
public static class ServiceSilo
{
    /// <summary>The registry's file name in the data directory.</summary>
    public const string RegistryFileName = "registry.sqlite3";

    /// <summary>Builds the silo's host; start it to serve.</summary>
    public static IHost Build(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(data);
        // The empty builder reads no appsettings.json or environment variables: serve is configured by its flags alone.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.HttpPort));
        builder.Services.AddRouting();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.AddRuntimeEventLogging();
        builder.Services.AddSingleton<IFlowSourceLoader>(new ServiceFlowLoader(data));
        builder.Services.AddSingleton(services => new DataflowClient(services.GetRequiredService<IGrainFactory>()));
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(options.SiloPort, options.GatewayPort, options.Join, serviceId: "dataflow", clusterId: "dataflow-service")
            .UseFastFailureDetection(FastFailureDetection.DefaultFailureTimeout)
            .AddSqliteGrainStorage(FlowStorage.Name, Path.Combine(data, RegistryFileName))
            .AddDataflow());
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        var app = builder.Build();
        app.UseExceptionHandler();
        // A body that is not JSON, an unknown path or method: ASP.NET Core answers those with an empty body, this makes it a problem too.
        app.UseStatusCodePages();
        app.UseBearerToken(options.Token);
        app.MapOpenApi();
        app.MapFlowEndpoints();
        return app;
    }
}

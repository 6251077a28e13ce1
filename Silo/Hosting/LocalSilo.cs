using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Dataflow.Grains.Hosting;

namespace Orleans.Dataflow.Silo.Hosting;

/// <summary>The dataflow silo inside this process that <see cref="DataflowRunner.RunMain"/> runs flows on: an Orleans silo on the Generic Host, started on first use and shared by every run of the process.</summary>
/// <remarks>
/// Localhost clustering on a free loopback port, no gateway, a cluster id of its own (so two processes on one
/// machine never join each other) and no logging to stdout, which belongs to the flow's <c>StdOutSink</c>.
/// </remarks>
internal sealed class LocalSilo
{
    private const int BindAttempts = 5;
    private static readonly object _gate = new();
    private static Task<LocalSilo>? _shared;

    private LocalSilo(IHost host)
    {
        Host = host;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
        Catalog = host.Services.GetRequiredService<DataflowExecutionCatalog>();
    }

    /// <summary>The silo's host.</summary>
    public IHost Host { get; }

    /// <summary>The silo's grain factory, to run executions with.</summary>
    public IGrainFactory Grains { get; }

    /// <summary>The silo's execution catalog.</summary>
    public DataflowExecutionCatalog Catalog { get; }

    /// <summary>The process's silo, started if it is not running yet (a silo answers ~3 s after it starts).</summary>
    public static Task<LocalSilo> Shared()
    {
        lock (_gate)
        {
            if (_shared is null || _shared.IsFaulted)
            {
                _shared = StartAsync();
            }

            return _shared;
        }
    }

    private static async Task<LocalSilo> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var host = Build(FreeLoopbackPort());
            try
            {
                await host.StartAsync();
                return new LocalSilo(host);
            }
            catch (Exception e) when (attempt < BindAttempts && e.GetBaseException() is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                // Another program took the free port between our look and the silo's bind: look again.
                host.Dispose();
            }
        }
    }

    private static IHost Build(int siloPort)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: siloPort, gatewayPort: 0, serviceId: "dataflow", clusterId: $"dataflow-run-{Environment.ProcessId}")
            .AddDataflow());
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
        return builder.Build();
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Orleans.Dataflow.Client;
using Orleans.Dataflow.Silo.Service;

namespace Orleans.Dataflow.Silo.Tests.Service;

/// <summary>A <c>serve</c> silo in this process on free loopback ports, with a client connected to its gateway.</summary>
internal sealed class RunningService : IAsyncDisposable
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(60);

    private RunningService(IHost host, DataflowClient client, ServeOptions options)
    {
        Host = host;
        Client = client;
        Options = options;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{options.HttpPort}/") };
    }

    /// <summary>The silo's host.</summary>
    public IHost Host { get; }

    /// <summary>A client connected through the silo's gateway.</summary>
    public DataflowClient Client { get; }

    /// <summary>How the silo runs.</summary>
    public ServeOptions Options { get; }

    /// <summary>A client of the silo's HTTP API, sending no token.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts a silo on <paramref name="dataDirectory"/>, its HTTP API requiring <paramref name="token"/> if given and serving Orleans' dashboard if <paramref name="orleansDashboard"/>, with any other option <paramref name="configure"/> sets, and connects a client to it.</summary>
    public static async Task<RunningService> StartAsync(string dataDirectory, string? token = null, bool orleansDashboard = false, Func<ServeOptions, ServeOptions>? configure = null)
    {
        var options = new ServeOptions
        {
            DataDirectory = dataDirectory, SiloPort = FreePort(), GatewayPort = FreePort(), HttpPort = FreePort(), Token = token, OrleansDashboard = orleansDashboard,
        };
        options = configure?.Invoke(options) ?? options;
        var host = ServiceSilo.Build(options);
        await host.StartAsync().WaitAsync(_startTimeout);
        var client = await DataflowClient.ConnectAsync(new DataflowClientOptions { Gateway = new IPEndPoint(IPAddress.Loopback, options.GatewayPort), ConnectTimeout = _startTimeout });
        return new RunningService(host, client, options);
    }

    /// <summary>Stops the silo gracefully, as Ctrl+C on <c>serve</c> does.</summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Client.DisposeAsync();
        await Host.StopAsync();
        Host.Dispose();
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Silo.Tests.Service;

namespace Orleans.Dataflow.Silo.Tests.Observability;

/// <summary>A dataflow silo in this process whose logs go to <see cref="Logs"/> (the dataflow's from debug level), shared by a test class.</summary>
public sealed class ObservedSilo : IAsyncLifetime
{
    private IHost? _host;

    /// <summary>Everything the silo logged.</summary>
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans.Dataflow", LogLevel.Debug);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(RunningService.FreePort(), gatewayPort: 0).AddDataflow());
        _host = builder.Build();
        await _host.StartAsync();
    }

    /// <summary>Runs <paramref name="flow"/> on one partition of the silo to its end.</summary>
    public Task<ExecutionResult> RunAsync(Dataflow flow, ExecutionOptions options)
        => ClusterExecution.RunAsync(_host!.Services.GetRequiredService<IGrainFactory>(), _host.Services.GetRequiredService<DataflowExecutionCatalog>(), flow, options, 1);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }
}

using Orleans.Dataflow.Grains.Hosting;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams.PubSub;
using Orleans.TestingHost;

namespace Orleans.Dataflow.OrleansStreams.Tests;

/// <summary>An Orleans application with memory streams, shared by a test class: two dataflow silos and a client, each with the providers.</summary>
/// <remarks>
/// <see cref="Streams"/> runs as usual, but delivers a refused batch again after 100 ms (<see cref="QuickRedelivery"/>). <see cref="HeldStreams"/> starts with its pulling agents stopped, so nothing reads
/// its queues until a test calls <see cref="ReleaseHeldStreamsAsync"/>: a queue fills up, deterministically.
/// </remarks>
public sealed class MemoryStreamsCluster : IAsyncLifetime
{
    /// <summary>A memory stream provider whose queues are read as usual.</summary>
    public const string Streams = "streams";

    /// <summary>A memory stream provider whose queues nothing reads until <see cref="ReleaseHeldStreamsAsync"/>.</summary>
    public const string HeldStreams = "held-streams";

    private InProcessTestCluster? _cluster;

    /// <summary>The catalog the silos share, for <see cref="ClusterExecution.RunAsync"/>.</summary>
    public DataflowExecutionCatalog Catalog { get; } = new();

    /// <summary>The application's client: it publishes, subscribes and runs flows.</summary>
    public IClusterClient Client => _cluster!.Client;

    /// <summary>Starts the pulling agents of <see cref="HeldStreams"/> on every silo.</summary>
    public Task ReleaseHeldStreamsAsync()
        => Client.GetGrain<IManagementGrain>(0).SendControlCommandToProvider<PersistentStreamProvider>(HeldStreams, (int)PersistentStreamProviderCommand.StartAgents);

    /// <summary>Waits until stream <paramref name="key"/> of <paramref name="streamNamespace"/> in <paramref name="provider"/> has <paramref name="count"/> subscriptions: what is published from then on reaches them.</summary>
    public async Task WaitForSubscriptionsAsync(string provider, string streamNamespace, string key, int count)
    {
        if (!Client.GetStreamProvider(provider).TryGetStreamSubscriptionManager(out var manager) || manager is null)
        {
            throw new InvalidOperationException($"stream provider {provider} has no subscription manager");
        }

        var streamId = StreamId.Create(streamNamespace, key);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await manager.GetSubscriptions(provider, streamId)).Count() < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"stream {streamNamespace}/{key} did not get {count} subscriptions");
            }

            await Task.Delay(20);
        }
    }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.InitializeClientOnDeploy = true;
        builder.ConfigureSilo((_, silo) => silo
            .AddDataflow(Catalog)
            .AddMemoryGrainStorage("PubSubStore")
            .AddMemoryStreams(Streams, streams => streams.ConfigureBackoffProvider((_, _) => new QuickRedelivery()))
            .AddMemoryStreams(HeldStreams, streams => streams.ConfigureLifecycle(lifecycle =>
                lifecycle.Configure(options => options.StartupState = StreamLifecycleOptions.RunState.AgentsStopped))));
        builder.ConfigureClient(client => client.AddMemoryStreams(Streams).AddMemoryStreams(HeldStreams));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        // Starting stopped is not enough: a manager that is merely initialized starts its agents when the queues are
        // balanced again, as they are when the second silo joins. One told to stop ignores that until told to start.
        await Client.GetGrain<IManagementGrain>(0).SendControlCommandToProvider<PersistentStreamProvider>(HeldStreams, (int)PersistentStreamProviderCommand.StopAgents);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        Catalog.Dispose();
    }
}

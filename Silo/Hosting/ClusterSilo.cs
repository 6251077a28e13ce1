using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Dataflow.Grains.Cluster;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Silo.Hosting.Clustering;
using Orleans.Dataflow.Silo.Recovery;
using Orleans.Hosting.Kubernetes;

namespace Orleans.Dataflow.Silo.Hosting;

/// <summary>This process's silo in a cluster of <c>run -i/-a</c> processes: Orleans development clustering, every process joining process 0's membership.</summary>
/// <remarks>
/// <para>
/// Process <c>i</c> listens on the port of the <c>i</c>-th address and advertises its host; process 0 is the primary
/// that keeps the membership. The cluster id is the flow's, so processes of another flow are not let in. Membership
/// is tuned so that a process that dies (or freezes) is declared dead within about the failure timeout: it is probed
/// every third of it and declared dead after three missed probes.
/// </para>
/// <para>
/// What a silo trusts: any process that reaches its port with the same cluster id joins; silos bind to the
/// addresses given (loopback by default), so on one machine only its own processes can.
/// </para>
/// </remarks>
internal sealed class ClusterSilo : IAsyncDisposable
{
    private static readonly TimeSpan _joinRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan _portProbeTimeout = TimeSpan.FromMilliseconds(500);
    private readonly IHost _host;

    private ClusterSilo(IHost host)
    {
        _host = host;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
        Catalog = host.Services.GetRequiredService<DataflowExecutionCatalog>();
        Membership = host.Services.GetRequiredService<IClusterMembershipService>();
    }

    /// <summary>The silo's grain factory.</summary>
    public IGrainFactory Grains { get; }

    /// <summary>The silo's execution catalog.</summary>
    public DataflowExecutionCatalog Catalog { get; }

    /// <summary>The silo's view of the cluster's membership.</summary>
    public IClusterMembershipService Membership { get; }

    /// <summary>Starts the silo of process <see cref="RunOptions.ProcessId"/> of <paramref name="options"/> and waits until every process of its <see cref="RunOptions.Addresses"/> has joined.</summary>
    /// <param name="flowId">The flow's id, which names the cluster.</param>
    /// <param name="options">This process's id, every process's address, the timeouts.</param>
    /// <param name="notice">Told, each time it changes, which processes the cluster still waits for; null says nothing.</param>
    /// <exception cref="ClusterException">This silo could not start (its address is in use, say), or some process did not join within the startup timeout; the message names it.</exception>
    public static async Task<ClusterSilo> JoinAsync(string flowId, RunOptions options, Action<string>? notice = null)
    {
        var waitingForPrimary = false;
        var (processId, addresses) = (options.ProcessId, options.Addresses);
        var deadline = DateTime.UtcNow + options.StartupTimeout;
        var self = addresses[processId];
        var endpoints = addresses.Select(Resolve).ToList();
        while (true)
        {
            var host = Build(flowId, endpoints[processId], endpoints[0], options);
            try
            {
                using var timeout = new CancellationTokenSource(Remaining(deadline));
                await host.StartAsync(timeout.Token);
                var silo = new ClusterSilo(host);
                await silo.AwaitMembers(processId, endpoints, addresses, deadline, notice);
                return silo;
            }
            catch (Exception e) when (e is not ClusterException)
            {
                host.Dispose();
                if (e.GetBaseException() is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
                {
                    throw new ClusterException($"process {processId} cannot listen on {self.Host}:{self.Port}: the address is in use", e);
                }

                if (DateTime.UtcNow >= deadline)
                {
                    throw new ClusterException($"process {processId} ({self.Host}:{self.Port}) could not join the cluster of process 0 ({addresses[0].Host}:{addresses[0].Port}) "
                        + $"within the startup timeout of {options.StartupTimeout.TotalSeconds:0.#} s: {e.GetBaseException().Message}", e);
                }

                // Process 0, which keeps the membership, may not be up yet: processes may start in any order.
                if (!waitingForPrimary)
                {
                    waitingForPrimary = true;
                    notice?.Invoke($"waiting for silo 0 ({addresses[0].Host}:{addresses[0].Port}), which keeps the cluster's membership");
                }

                await Task.Delay(_joinRetry);
            }
        }
    }

    /// <summary>Waits until every other process has left the cluster, up to <paramref name="wait"/>: process 0 keeps the membership, so it leaves last.</summary>
    /// <remarks>
    /// Left means dead in the membership, or stopping with its silo port closed: a silo closes its port last, once it
    /// has written its status. Not merely stopping: a silo that shuts down writes its status to the membership twice,
    /// and one whose membership went away first waits out its whole shutdown timeout. Nor only dead: with the
    /// membership in process 0, a silo makes one attempt to write that it is dead, which fails when another process
    /// leaving at the same moment wrote first, and process 0 would then wait for its probes to declare it so.
    /// </remarks>
    public async Task AwaitOthersLeft(SiloAddress self, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline)
        {
            var staying = Membership.CurrentSnapshot.Members.Values
                .Where(m => m.Status != SiloStatus.Dead && !m.SiloAddress.Equals(self))
                .ToList();
            if (staying.Count == 0)
            {
                return;
            }

            var closed = await Task.WhenAll(staying.Select(m => m.Status.IsTerminating() ? IsPortClosed(m.SiloAddress.Endpoint) : Task.FromResult(false)));
            if (closed.All(c => c))
            {
                return;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Whether nothing listens on <paramref name="endpoint"/> any more: a connection to it is refused.</summary>
    private static async Task<bool> IsPortClosed(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(_portProbeTimeout);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // Unreachable or slow to answer is not gone: the membership will say.
            return false;
        }
    }

    /// <summary>This silo's address.</summary>
    public SiloAddress Address => _host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>Leaves the cluster gracefully.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(timeout.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }

    private async Task AwaitMembers(int self, List<IPEndPoint> endpoints, IReadOnlyList<DnsEndPoint> addresses, DateTime deadline, Action<string>? notice)
    {
        var told = string.Empty;
        while (true)
        {
            // Placement only considers silos whose grain manifest this silo has, which arrives after their membership:
            // a partition placed before then would go to a silo that is up already, leaving another without its work.
            var manifests = _host.Services.GetRequiredService<IClusterManifestProvider>().Current.Silos;
            var active = Membership.CurrentSnapshot.Members.Values
                .Where(m => m.Status == SiloStatus.Active && manifests.ContainsKey(m.SiloAddress))
                .Select(m => m.SiloAddress.Endpoint)
                .ToHashSet();
            var missing = Enumerable.Range(0, endpoints.Count).Where(p => !active.Contains(endpoints[p])).ToList();
            if (missing.Count == 0)
            {
                return;
            }

            // Said again only when the set of others changes, so a terminal shows who joined without a line every poll.
            var others = missing.Where(p => p != self).ToList();
            var waiting = others.Count == 0 ? told
                : $"waiting for {(others.Count == 1 ? "silo" : "silos")} {string.Join(", ", others)} ({string.Join(", ", others.Select(p => $"{addresses[p].Host}:{addresses[p].Port}"))}) to join";
            if (waiting != told)
            {
                told = waiting;
                notice?.Invoke(waiting);
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new ClusterException($"the cluster did not form within the startup timeout: still missing: "
                    + string.Join(", ", missing.Select(p => $"process {p} ({addresses[p].Host}:{addresses[p].Port}): never joined")));
            }

            await Task.Delay(100);
        }
    }

    private static IHost Build(string flowId, IPEndPoint self, IPEndPoint primary, RunOptions run)
    {
        var failureTimeout = run.FailureTimeout;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (run.LogRuntimeEvents)
        {
            builder.AddRuntimeEventLogging();
        }

        if (run.Clustering is { } clustering)
        {
            var url = PostgresConnectionUrl.Parse(clustering);
            builder.UseOrleans(silo => PostgresClustering.UsePostgres(silo, url));
        }
        else
        {
            builder.UseOrleans(silo => silo.UseDevelopmentClustering(primary));
        }

        builder.UseOrleans(silo => silo
            .Configure<EndpointOptions>(options =>
            {
                options.AdvertisedIPAddress = self.Address;
                options.SiloPort = self.Port;
                options.GatewayPort = 0;
                options.SiloListeningEndpoint = self;
            })
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = $"dataflow-{flowId}";
                options.ServiceId = "dataflow";
            })
            .UseFastFailureDetection(failureTimeout)
            .AddDataflow());

        if (run.TlsCertificate is { } certificate)
        {
            builder.UseOrleans(silo => silo.UseTls(tls =>
            {
                tls.LocalCertificate = certificate;
                tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;

                // Trust is the cluster's own certificate, not a certificate authority: a peer holding any other is refused.
                tls.RemoteCertificateValidation = (remote, _, _) => remote.RawData.AsSpan().SequenceEqual(certificate.RawData);
            }));
        }

        if (run.Kubernetes)
        {
            UseKubernetesHosting(builder);
        }

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        return builder.Build();
    }

    /// <summary>Orleans' Kubernetes hosting: the silo is named after its pod, labels its pod with the cluster's ids, watches the cluster's pods and declares the silo of a deleted pod dead at once.</summary>
    /// <exception cref="ClusterException">The process is not in a Kubernetes pod: it has no API server to watch.</exception>
    private static void UseKubernetesHosting(HostApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")))
        {
            throw new ClusterException("--kubernetes: this process is not in a Kubernetes pod (KUBERNETES_SERVICE_HOST is not set), so there is no API server whose pods it could watch");
        }

        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(KubernetesHostingOptions.PodNameEnvironmentVariable)))
        {
            throw new ClusterException($"--kubernetes: {KubernetesHostingOptions.PodNameEnvironmentVariable} is not set; give it the pod's name (fieldRef metadata.name), by which the silo is matched to its pod");
        }

        builder.UseOrleans(silo => silo.UseKubernetesHosting());
    }

    private static IPEndPoint Resolve(DnsEndPoint address)
        => IPAddress.TryParse(address.Host, out var ip) ? new IPEndPoint(ip, address.Port)
            : new IPEndPoint(Dns.GetHostAddresses(address.Host).First(a => a.AddressFamily == AddressFamily.InterNetwork), address.Port);

    private static TimeSpan Remaining(DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        return left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
    }
}

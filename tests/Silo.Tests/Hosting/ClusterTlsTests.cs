using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Orleans.Dataflow.Grains.Cluster;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Hosting;

/// <summary>A cluster of <c>run -i/-a</c> processes with a TLS certificate: its members talk over mutual TLS, and a process without the cluster's certificate, or bytes that are not TLS, get nowhere.</summary>
/// <remarks>Each "process" here is a <see cref="DataflowRunner.RunMain"/> call with its own silo, in this test process.</remarks>
public sealed class ClusterTlsTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RunMain_BothProcessesHoldTheClusterCertificate_TogetherEmitEveryRecordOnce()
    {
        using var certificate = TestCertificates.Create("dataflow-cluster");
        var addresses = ClusterFlows.Addresses(2);
        var outputs = new[] { new List<(string, long)>(), new List<(string, long)>() };

        var results = await Task.WhenAll(
            Task.Run(() => RunMain(ClusterFlows.Sums("cluster_tls", outputs[0]), 0, addresses, certificate)),
            Task.Run(() => RunMain(ClusterFlows.Sums("cluster_tls", outputs[1]), 1, addresses, certificate))).WaitAsync(_noHang);

        Assert.All(results, r => Assert.Equal(ExecutionOutcome.Completed, r.Outcome));
        ClusterFlows.AssertEverySumOnce(outputs);
    }

    [Fact]
    public async Task RunMain_ProcessWithAnotherCertificate_NeverJoinsAndIsNamed()
    {
        using var cluster = TestCertificates.Create("dataflow-cluster");
        using var impostor = TestCertificates.Create("dataflow-cluster");
        var addresses = ClusterFlows.Addresses(2);
        var impostorOutput = new List<(string, long)>();

        var zero = Task.Run(() => RunMain(ClusterFlows.Sums("cluster_tls", []), 0, addresses, cluster, startupTimeout: TimeSpan.FromSeconds(8)));
        var one = Task.Run(() => RunMain(ClusterFlows.Sums("cluster_tls", impostorOutput), 1, addresses, impostor, startupTimeout: TimeSpan.FromSeconds(8)));

        var refused = await Assert.ThrowsAsync<ClusterException>(() => zero.WaitAsync(_noHang));
        Assert.Contains($"process 1 ({addresses[1].Host}:{addresses[1].Port}): never joined", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => one.WaitAsync(_noHang));
        Assert.Empty(impostorOutput);
    }

    [Fact]
    public async Task RunMain_ProcessWithoutTls_NeverJoinsAClusterWithIt()
    {
        using var cluster = TestCertificates.Create("dataflow-cluster");
        var addresses = ClusterFlows.Addresses(2);

        var zero = Task.Run(() => RunMain(ClusterFlows.Sums("cluster_tls", []), 0, addresses, cluster, startupTimeout: TimeSpan.FromSeconds(8)));
        var one = Task.Run(() => RunMain(ClusterFlows.Sums("cluster_tls", []), 1, addresses, certificate: null, startupTimeout: TimeSpan.FromSeconds(8)));

        var refused = await Assert.ThrowsAsync<ClusterException>(() => zero.WaitAsync(_noHang));
        Assert.Contains($"process 1 ({addresses[1].Host}:{addresses[1].Port}): never joined", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => one.WaitAsync(_noHang));
    }

    [Fact]
    public async Task RunMain_GarbageBytesSentToAProcessPort_AreDroppedAndTheClusterStillRuns()
    {
        using var certificate = TestCertificates.Create("dataflow-cluster");
        var addresses = ClusterFlows.Addresses(2);
        var outputs = new[] { new List<(string, long)>(), new List<(string, long)>() };
        var zero = Task.Run(() => RunMain(ClusterFlows.Sums("cluster_tls", outputs[0]), 0, addresses, certificate));

        var closed = await SendGarbage(addresses[0], TimeSpan.FromSeconds(30));
        var results = await Task.WhenAll(zero, Task.Run(() => RunMain(ClusterFlows.Sums("cluster_tls", outputs[1]), 1, addresses, certificate))).WaitAsync(_noHang);

        Assert.True(closed, "process 0 kept a connection open that sent it garbage");
        Assert.All(results, r => Assert.Equal(ExecutionOutcome.Completed, r.Outcome));
        ClusterFlows.AssertEverySumOnce(outputs);
    }

    /// <summary>Connects to <paramref name="address"/> once it listens, sends random bytes, and returns whether the process then closed the connection.</summary>
    private static async Task<bool> SendGarbage(DnsEndPoint address, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, address.Port, deadline.Token);
            }
            catch (SocketException)
            {
                await Task.Delay(100, deadline.Token);
                continue;
            }

            var garbage = new byte[4096];
            new Random(20_261_204).NextBytes(garbage);
            await socket.SendAsync(garbage, deadline.Token);
            var buffer = new byte[4096];
            try
            {
                while (await socket.ReceiveAsync(buffer, deadline.Token) > 0)
                {
                }
            }
            catch (SocketException)
            {
                // Reset rather than closed: refused all the same.
            }

            return true;
        }
    }


    private static ExecutionResult RunMain(Dataflow flow, int processId, IReadOnlyList<DnsEndPoint> addresses, X509Certificate2? certificate, TimeSpan? startupTimeout = null)
        => DataflowRunner.RunMain(flow, new RunOptions
        {
            ProcessId = processId,
            Addresses = addresses,
            SnapshotInterval = TimeSpan.FromMilliseconds(50),
            StartupTimeout = startupTimeout ?? TimeSpan.FromSeconds(60),
            TlsCertificate = certificate,
        });
}

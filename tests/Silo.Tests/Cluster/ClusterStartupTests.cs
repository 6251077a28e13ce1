using System.Net;
using System.Net.Sockets;
using Orleans.Dataflow.Grains.Cluster;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Inputs;
using Orleans.Dataflow.Silo.Cluster;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Silo.Tests.Cluster;

/// <summary>Joining a cluster: processes may start in any order, wait for each other with a timeout, and refuse a peer that runs something else, with errors naming who.</summary>
public sealed class ClusterStartupTests
{
    [Fact]
    public void Join_PeerNeverStarts_FailsAfterTheTimeoutNamingIt()
    {
        using var listener = Listen();
        var missing = FreePort();
        var options = new ClusterOptions
        {
            ProcessId = 0,
            Addresses = [Address(listener), new DnsEndPoint("127.0.0.1", missing)],
            Listener = listener,
            StartupTimeout = TimeSpan.FromSeconds(1),
        };

        var error = Assert.Throws<ClusterException>(() => TcpCluster.Join(Flow("f"), new ExecutionOptions(), options, recovery: false));

        Assert.Contains($"still missing: process 1 (127.0.0.1:{missing}): never connected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Join_DialedPeerNotListening_FailsAfterTheTimeoutNamingItAndWhy()
    {
        using var listener = Listen();
        var missing = FreePort();
        var options = new ClusterOptions
        {
            ProcessId = 1,
            Addresses = [new DnsEndPoint("127.0.0.1", missing), Address(listener)],
            Listener = listener,
            StartupTimeout = TimeSpan.FromSeconds(1),
        };

        var error = Assert.Throws<ClusterException>(() => TcpCluster.Join(Flow("f"), new ExecutionOptions(), options, recovery: false));

        Assert.Contains($"process 0 (127.0.0.1:{missing}): ConnectionRefused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Join_OwnAddressAlreadyInUse_FailsNamingIt()
    {
        using var taken = Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var options = new ClusterOptions { ProcessId = 0, Addresses = [new DnsEndPoint("127.0.0.1", port), new DnsEndPoint("127.0.0.1", FreePort())] };

        var error = Assert.Throws<ClusterException>(() => TcpCluster.Join(Flow("f"), new ExecutionOptions(), options, recovery: false));

        Assert.Contains($"cannot listen on 127.0.0.1:{port} for the other processes: AddressAlreadyInUse", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_LocalhostAddresses_EachProcessListensOnItsOwnPort()
    {
        var addresses = new List<DnsEndPoint> { new("localhost", FreePort()), new("localhost", FreePort()) };
        var joins = Enumerable.Range(0, 2)
            .Select(id => Task.Run(() => TcpCluster.Join(Flow("f"), new ExecutionOptions(), new ClusterOptions { ProcessId = id, Addresses = addresses, StartupTimeout = TimeSpan.FromSeconds(20) }, recovery: false)))
            .ToList();

        var members = await Task.WhenAll(joins).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([0, 1], members.Select(m => m.ProcessId));
        foreach (var member in members)
        {
            member.Dispose();
        }
    }

    [Fact]
    public async Task Join_ProcessesStartingAtDifferentTimes_AllConnect()
    {
        var (listeners, addresses) = Cluster(3);
        var joins = new List<Task<TcpCluster>>();
        foreach (var id in new[] { 2, 0, 1 })
        {
            joins.Add(Task.Run(() => TcpCluster.Join(Flow("f"), new ExecutionOptions(), Options(id, addresses, listeners[id]), recovery: false)));
            await Task.Delay(300);
        }

        var members = await Task.WhenAll(joins).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([2, 0, 1], members.Select(m => m.ProcessId));
        foreach (var member in members)
        {
            member.Dispose();
        }
    }

    [Fact]
    public async Task Join_PeerWithOtherWorkerCount_BothRefuseNamingTheDifference()
    {
        var (listeners, addresses) = Cluster(2);
        var zero = Task.Run(() => TcpCluster.Join(Flow("f"), new ExecutionOptions { WorkerCount = 2 }, Options(0, addresses, listeners[0]), recovery: false));
        var one = Task.Run(() => TcpCluster.Join(Flow("f"), new ExecutionOptions { WorkerCount = 1 }, Options(1, addresses, listeners[1]), recovery: false));

        var zeroError = await Assert.ThrowsAsync<ClusterException>(() => zero.WaitAsync(TimeSpan.FromSeconds(30)));
        var oneError = await Assert.ThrowsAsync<ClusterException>(() => one.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("process 1 runs something else than process 0: workers per process (-w): 1 there, 2 here", zeroError.Message, StringComparison.Ordinal);
        Assert.Contains("refused process 1", oneError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_PeerRunningAnotherFlow_IsRefusedNamingBothFlows()
    {
        var (listeners, addresses) = Cluster(2);
        var zero = Task.Run(() => TcpCluster.Join(Flow("orders"), new ExecutionOptions(), Options(0, addresses, listeners[0]), recovery: false));
        var one = Task.Run(() => TcpCluster.Join(Flow("payments"), new ExecutionOptions(), Options(1, addresses, listeners[1]), recovery: false));

        var error = await Assert.ThrowsAsync<ClusterException>(() => zero.WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<ClusterException>(() => one.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("flow: payments there, orders here", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_PeerListingOtherSourcePartitions_IsRefusedNamingTheStep()
    {
        var (listeners, addresses) = Cluster(2);
        var zero = Task.Run(() => TcpCluster.Join(PartitionedFlow("a.log", "b.log"), new ExecutionOptions(), Options(0, addresses, listeners[0]), recovery: false));
        var one = Task.Run(() => TcpCluster.Join(PartitionedFlow("a.log"), new ExecutionOptions(), Options(1, addresses, listeners[1]), recovery: false));

        var error = await Assert.ThrowsAsync<ClusterException>(() => zero.WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<ClusterException>(() => one.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("step 'logs' lists other partitions there (1 there, 2 here; every process must see the same)", error.Message, StringComparison.Ordinal);
    }

    private static Dataflow PartitionedFlow(params string[] parts)
    {
        var flow = new Dataflow("logs");
        flow.Input("logs", new NamedPartsSource(parts)).Output("out", new TestingSink<int>([]));
        return flow;
    }

    private static Dataflow Flow(string id)
    {
        var flow = new Dataflow(id);
        flow.Input("inp", new TestingSource<int>([1])).Output("out", new TestingSink<int>([]));
        return flow;
    }

    /// <summary>A source whose partitions are the names it is given, as files a process sees; it is never read.</summary>
    private sealed class NamedPartsSource(string[] parts) : FixedPartitionedSource<int, int>
    {
        public override IReadOnlyList<string> ListParts() => parts;

        public override StatefulSourcePartition<int, int> BuildPart(string stepId, string forPart, int resumeState) => throw new NotSupportedException();
    }

    private static ClusterOptions Options(int id, IReadOnlyList<DnsEndPoint> addresses, Socket listener) => new()
    {
        ProcessId = id,
        Addresses = addresses,
        Listener = listener,
        StartupTimeout = TimeSpan.FromSeconds(20),
    };

    private static (List<Socket> Listeners, List<DnsEndPoint> Addresses) Cluster(int processes)
    {
        var listeners = Enumerable.Range(0, processes).Select(_ => Listen()).ToList();
        return (listeners, listeners.Select(Address).ToList());
    }

    private static Socket Listen()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(8);
        return listener;
    }

    private static DnsEndPoint Address(Socket listener) => new("127.0.0.1", ((IPEndPoint)listener.LocalEndPoint!).Port);

    private static int FreePort()
    {
        using var socket = Listen();
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

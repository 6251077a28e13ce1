using System.Net;
using System.Net.Sockets;
using Orleans.Dataflow.Grains.Cluster;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Silo.Tests.Hosting;

/// <summary>A cluster of <c>run -i/-a</c> processes on Orleans: they may start in any order, wait for each other with a timeout, and refuse one that loaded something else, with errors naming who.</summary>
/// <remarks>Each "process" here is a <see cref="DataflowRunner.RunMain"/> call with its own silo, in this test process.</remarks>
public sealed class ClusterRunTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RunMain_ProcessesStartedInAnyOrder_TogetherEmitEveryRecordOnce()
    {
        var addresses = Addresses(2);
        var outputs = new[] { new List<(string, long)>(), new List<(string, long)>() };
        var one = Task.Run(() => RunMain(Sums(outputs[1]), 1, addresses));
        await Task.Delay(300);
        var zero = Task.Run(() => RunMain(Sums(outputs[0]), 0, addresses));

        var results = await Task.WhenAll(zero, one).WaitAsync(_noHang);
        Assert.All(results, r => Assert.Equal(ExecutionOutcome.Completed, r.Outcome));
        var all = outputs.SelectMany(o => o).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(Enumerable.Range(0, 200).Sum(i => (long)i), all.GroupBy(o => o.Item1).Sum(g => g.Max(o => o.Item2)));
    }

    [Fact]
    public void RunMain_ProcessThatNeverJoins_FailsAfterTheStartupTimeoutNamingIt()
    {
        var addresses = Addresses(2);

        var error = Assert.Throws<ClusterException>(() => RunMain(Sums([]), 0, addresses, startupTimeout: TimeSpan.FromSeconds(3)));

        Assert.Contains($"still missing: process 1 ({addresses[1].Host}:{addresses[1].Port}): never joined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunMain_OwnAddressInUse_FailsNamingIt()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        List<DnsEndPoint> addresses = [new("127.0.0.1", port), Addresses(1)[0]];

        var error = Assert.Throws<ClusterException>(() => RunMain(Sums([]), 0, addresses, startupTimeout: TimeSpan.FromSeconds(5)));

        Assert.True(error.Message.Contains($"process 0 cannot listen on 127.0.0.1:{port}: the address is in use", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public async Task RunMain_ProcessWithAnotherWorkerCount_IsRefusedNamingTheDifference()
    {
        var addresses = Addresses(2);
        var zero = Task.Run(() => RunMain(Sums([]), 0, addresses, workers: 1, startupTimeout: TimeSpan.FromSeconds(10)));
        var one = Task.Run(() => RunMain(Sums([]), 1, addresses, workers: 2, startupTimeout: TimeSpan.FromSeconds(10)));

        var refused = await Assert.ThrowsAsync<ClusterException>(() => zero.WaitAsync(_noHang));
        Assert.True(refused.Message.Contains("loaded another execution than the frontier's silo: partitions (processes × workers per process, -w): 2 there, 4 here", StringComparison.Ordinal), refused.Message);
        await Assert.ThrowsAsync<ClusterException>(() => one.WaitAsync(_noHang));
    }

    private static ExecutionResult RunMain(Dataflow flow, int processId, IReadOnlyList<DnsEndPoint> addresses, int workers = 1, TimeSpan? startupTimeout = null)
        => DataflowRunner.RunMain(flow, new RunOptions
        {
            ProcessId = processId,
            Addresses = addresses,
            WorkerCount = workers,
            SnapshotInterval = TimeSpan.FromMilliseconds(50),
            StartupTimeout = startupTimeout ?? TimeSpan.FromSeconds(60),
        });

    /// <summary>Running sums of 200 numbers over 20 keys; each process builds its own copy, as each loads the flow.</summary>
    private static Dataflow Sums(List<(string, long)> output)
    {
        var flow = new Dataflow("cluster_run");
        flow.Input("inp", new TestingSource<(string, long)>(Enumerable.Range(0, 200).Select(i => ($"k{i % 20}", (long)i))))
            .StatefulMap<long, long, long>("sum", (sum, value) => (sum + value, sum + value))
            .Output("out", new TestingSink<(string, long)>(output));
        return flow;
    }

    /// <summary>Loopback addresses on ports free right now.</summary>
    private static List<DnsEndPoint> Addresses(int count)
    {
        var sockets = Enumerable.Range(0, count).Select(_ =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }).ToList();
        var addresses = sockets.Select(s => new DnsEndPoint("127.0.0.1", ((IPEndPoint)s.LocalEndPoint!).Port)).ToList();
        sockets.ForEach(s => s.Dispose());
        return addresses;
    }
}

using System.Net;
using System.Net.Sockets;
using Orleans.Dataflow.Grains.Cluster;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Silo.Hosting;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Hosting;

/// <summary>A cluster of <c>run -i/-a</c> processes on Orleans: they may start in any order, wait for each other with a timeout, and refuse one that loaded something else, with errors naming who.</summary>
/// <remarks>Each "process" here is a <see cref="DataflowRunner.RunMain"/> call with its own silo, in this test process.</remarks>
public sealed class ClusterRunTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RunMain_ProcessesStartedInAnyOrder_TogetherEmitEveryRecordOnce()
    {
        var addresses = ClusterFlows.Addresses(2);
        var outputs = new[] { new List<(string, long)>(), new List<(string, long)>() };
        var one = Task.Run(() => RunMain(ClusterFlows.Sums("cluster_run", outputs[1]), 1, addresses));
        await Task.Delay(300);
        var zero = Task.Run(() => RunMain(ClusterFlows.Sums("cluster_run", outputs[0]), 0, addresses));

        var results = await Task.WhenAll(zero, one).WaitAsync(_noHang);
        Assert.All(results, r => Assert.Equal(ExecutionOutcome.Completed, r.Outcome));
        ClusterFlows.AssertEverySumOnce(outputs);
    }

    [Fact]
    public void RunMain_ProcessThatNeverJoins_SaysItWaitsForItThenFailsAfterTheStartupTimeoutNamingIt()
    {
        var addresses = ClusterFlows.Addresses(2);
        var notices = new List<string>();

        var error = Assert.Throws<ClusterException>(() => RunMain(ClusterFlows.Sums("cluster_run", []), 0, addresses, startupTimeout: TimeSpan.FromSeconds(3), notices: notices));

        Assert.Contains($"still missing: process 1 ({addresses[1].Host}:{addresses[1].Port}): never joined", error.Message, StringComparison.Ordinal);
        Assert.Equal($"waiting for silo 1 ({addresses[1].Host}:{addresses[1].Port}) to join", Assert.Single(notices));
    }

    [Fact]
    public void RunMain_OwnAddressInUse_FailsNamingIt()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        List<DnsEndPoint> addresses = [new("127.0.0.1", port), ClusterFlows.Addresses(1)[0]];

        var error = Assert.Throws<ClusterException>(() => RunMain(ClusterFlows.Sums("cluster_run", []), 0, addresses, startupTimeout: TimeSpan.FromSeconds(5)));

        Assert.True(error.Message.Contains($"process 0 cannot listen on 127.0.0.1:{port}: the address is in use", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public async Task RunMain_ProcessWithAnotherWorkerCount_IsRefusedAndBothEndNamingTheDifference()
    {
        var addresses = ClusterFlows.Addresses(2);
        // Both join within seconds; the bound is for a loaded machine, where a join taking longer would fail the test
        // with "never joined" instead of the refusal it checks.
        var zero = Task.Run(() => RunMain(ClusterFlows.Sums("cluster_run", []), 0, addresses, workers: 1, startupTimeout: TimeSpan.FromSeconds(30)));
        var one = Task.Run(() => RunMain(ClusterFlows.Sums("cluster_run", []), 1, addresses, workers: 2, startupTimeout: TimeSpan.FromSeconds(30)));

        var refused = await Assert.ThrowsAsync<ClusterException>(() => zero.WaitAsync(_noHang));
        Assert.True(refused.Message.Contains("loaded another execution than the frontier's silo: partitions (processes × workers per process, -w): 2 there, 4 here", StringComparison.Ordinal), refused.Message);
        // Its partitions never started, yet it hears the frontier's end instead of waiting out its startup timeout.
        var told = await Assert.ThrowsAsync<ClusterException>(() => one.WaitAsync(_noHang));
        Assert.True(told.Message.Contains("loaded another execution than the frontier's silo", StringComparison.Ordinal), told.Message);
    }

    private static ExecutionResult RunMain(Dataflow flow, int processId, IReadOnlyList<DnsEndPoint> addresses, int workers = 1, TimeSpan? startupTimeout = null, List<string>? notices = null)
        => DataflowRunner.RunMain(flow, new RunOptions
        {
            Notice = notices is null ? null : line => { lock (notices) { notices.Add(line); } },
            ProcessId = processId,
            Addresses = addresses,
            WorkerCount = workers,
            SnapshotInterval = TimeSpan.FromMilliseconds(50),
            StartupTimeout = startupTimeout ?? TimeSpan.FromSeconds(60),
        });
}

using System.Net;
using System.Net.Sockets;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>What the in-process cluster tests share: loopback addresses to listen on, and a small stateful flow whose output shows a lost or repeated record.</summary>
internal static class ClusterFlows
{
    /// <summary>Loopback addresses on ports free right now.</summary>
    public static List<DnsEndPoint> Addresses(int count)
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

    /// <summary>Flow <paramref name="flowId"/>: running sums of 200 numbers over 20 keys into <paramref name="output"/>; each process builds its own copy, as each loads the flow.</summary>
    public static Dataflow Sums(string flowId, List<(string, long)> output)
    {
        var flow = new Dataflow(flowId);
        flow.Input("inp", new TestingSource<(string, long)>(Enumerable.Range(0, 200).Select(i => ($"k{i % 20}", (long)i))))
            .StatefulMap<long, long, long>("sum", (sum, value) => (sum + value, sum + value))
            .Output("out", new TestingSink<(string, long)>(output));
        return flow;
    }

    /// <summary>Asserts that <paramref name="outputs"/>, together, hold each of <see cref="Sums"/>' 200 records once, with the right sums.</summary>
    public static void AssertEverySumOnce(IEnumerable<List<(string, long)>> outputs)
    {
        var all = outputs.SelectMany(o => o).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(Enumerable.Range(0, 200).Sum(i => (long)i), all.GroupBy(o => o.Item1).Sum(g => g.Max(o => o.Item2)));
    }
}

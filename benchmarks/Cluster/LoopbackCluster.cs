using System.Net;
using System.Net.Sockets;
using Orleans.Dataflow.Benchmarks.Harness;

namespace Orleans.Dataflow.Benchmarks.Cluster;

/// <summary>The processes of the cluster mode: this program started <see cref="ProcessCount"/> times more as cluster members on free loopback ports, kept for every run of one workload.</summary>
/// <remarks>
/// <see cref="Start"/> returns once every member has made the workload's data. Each <see cref="Measure"/> is one
/// engine run of <see cref="ProcessCount"/> × <see cref="WorkersPerProcess"/> workers: its time is the slowest
/// member's, every other figure the members' own added up. <see cref="Dispose"/> ends the members. Used from one thread.
/// </remarks>
public sealed class LoopbackCluster : IDisposable
{
    /// <summary>How many processes run the cluster mode.</summary>
    public const int ProcessCount = 2;

    /// <summary>Worker threads in each process of the cluster mode.</summary>
    public const int WorkersPerProcess = 1;

    private readonly List<ClusterMemberProcess> _members;

    private LoopbackCluster(IReadOnlyList<DnsEndPoint> addresses, List<ClusterMemberProcess> members)
    {
        Addresses = addresses;
        _members = members;
    }

    /// <summary>Where the members listen, in process-id order.</summary>
    public IReadOnlyList<DnsEndPoint> Addresses { get; }

    /// <summary>Starts the members of <paramref name="workload"/> (by its name and size) and waits until each has made its data.</summary>
    /// <exception cref="InvalidOperationException">A member did not start or ended; the others have been ended.</exception>
    public static LoopbackCluster Start(IWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var addresses = FreeLoopbackAddresses(ProcessCount);
        var members = new List<ClusterMemberProcess>(ProcessCount);
        try
        {
            for (var processId = 0; processId < ProcessCount; processId++)
            {
                members.Add(ClusterMemberProcess.Start(new ClusterMemberOptions(processId, addresses, workload.Name, workload.Records)));
            }

            members.ForEach(m => m.WaitReady());
        }
        catch
        {
            members.ForEach(m => m.Dispose());
            throw;
        }

        return new LoopbackCluster(addresses, members);
    }

    /// <summary>Runs the workload once on every member and combines their figures.</summary>
    /// <remarks>
    /// Elapsed is the slowest member's time; processor time, allocated bytes, collections and peak RSS (each member's
    /// own peak) are added up; the checksum adds the rows and wrapping-adds the sums of the members' sinks; the
    /// transport bytes add up what each member sent to the others during the run.
    /// </remarks>
    /// <exception cref="InvalidOperationException">A member failed or ended.</exception>
    public RunMeasurement Measure()
    {
        _members.ForEach(m => m.RequestRun());
        var runs = _members.Select(m => m.ReadRun()).ToList();
        return new RunMeasurement(
            runs.Max(r => r.Elapsed),
            TimeSpan.FromTicks(runs.Sum(r => r.CpuTime.Ticks)),
            runs.Sum(r => r.AllocatedBytes),
            runs.Sum(r => r.Gen0),
            runs.Sum(r => r.Gen1),
            runs.Sum(r => r.Gen2),
            runs.Sum(r => r.PeakRssBytes),
            new Checksum(runs.Sum(r => r.Checksum.Rows), runs.Aggregate(0L, (sum, r) => unchecked(sum + r.Checksum.Sum))),
            TransportBytes: runs.Sum(r => r.TransportBytes ?? 0));
    }

    /// <summary>Ends every member.</summary>
    public void Dispose() => _members.ForEach(m => m.Dispose());

    /// <summary>Asks the system for <paramref name="count"/> different free ports on 127.0.0.1 and releases them for the members to listen on.</summary>
    private static List<DnsEndPoint> FreeLoopbackAddresses(int count)
    {
        var sockets = Enumerable.Range(0, count).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToList();
        try
        {
            sockets.ForEach(s => s.Bind(new IPEndPoint(IPAddress.Loopback, 0)));
            return [.. sockets.Select(s => new DnsEndPoint(IPAddress.Loopback.ToString(), ((IPEndPoint)s.LocalEndPoint!).Port))];
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }
}

using System.Globalization;

namespace Orleans.Dataflow.Silo.Cluster;

/// <summary>What every process of a cluster must agree on before they run a flow together; exchanged in the first frame each way.</summary>
/// <param name="FlowId">The flow's id.</param>
/// <param name="FlowShape">A stable hash of the flow's step ids and kinds, so two versions of a flow with one id do not run together.</param>
/// <param name="ProcessCount">How many processes the cluster has.</param>
/// <param name="WorkersPerProcess">Workers in every process.</param>
/// <param name="EpochInterval">The time between epoch closes.</param>
/// <param name="KeyPartitionCount">Key partitions: the same routing everywhere.</param>
/// <param name="Recovery">Whether the run keeps a recovery store (process 0 does; the others send it snapshots).</param>
/// <param name="Partitions">What each partitioned source and sink lists here (<see cref="FlowPartitions"/>): every process must list the same.</param>
internal sealed record ClusterIdentity(string FlowId, ulong FlowShape, int ProcessCount, int WorkersPerProcess, TimeSpan EpochInterval, int KeyPartitionCount, bool Recovery,
    IReadOnlyList<string> Partitions)
{
    /// <summary>Marks the start of the protocol, so a stray connection is refused at once.</summary>
    public const int Magic = 0x4346444F;

    /// <summary>The version of the frame formats; processes of different versions refuse each other.</summary>
    public const int ProtocolVersion = 2;

    /// <summary>The identity of <paramref name="flow"/> run with these settings.</summary>
    public static ClusterIdentity Of(Dataflow flow, int processCount, int workersPerProcess, TimeSpan epochInterval, int keyPartitionCount, bool recovery)
    {
        var shape = string.Join('\n', flow.Steps.Select(step => $"{step.Id}:{step.GetType().Name}"));
        return new ClusterIdentity(flow.Id, Serialization.StableHash.Of(shape), processCount, workersPerProcess, epochInterval, keyPartitionCount, recovery, FlowPartitions.Of(flow));
    }

    /// <summary>Writes the hello payload of process <paramref name="processId"/>.</summary>
    public void Write(PayloadWriter writer, int processId)
    {
        writer.Int32(Magic);
        writer.Int32(ProtocolVersion);
        writer.Int32(processId);
        writer.String(FlowId);
        writer.Int64(unchecked((long)FlowShape));
        writer.Int32(ProcessCount);
        writer.Int32(WorkersPerProcess);
        writer.Int64(EpochInterval.Ticks);
        writer.Int32(KeyPartitionCount);
        writer.Byte(Recovery ? (byte)1 : (byte)0);
        writer.Int32(Partitions.Count);
        foreach (var step in Partitions)
        {
            writer.String(step);
        }
    }

    /// <summary>Reads a hello payload: the sender's process id and identity.</summary>
    /// <exception cref="InvalidDataException">The payload is not a hello of this protocol version.</exception>
    public static (int ProcessId, ClusterIdentity Identity) Read(ref PayloadReader reader)
    {
        if (reader.Int32() != Magic)
        {
            throw new InvalidDataException("the peer does not speak the Orleans.Dataflow cluster protocol");
        }

        var version = reader.Int32();
        if (version != ProtocolVersion)
        {
            throw new InvalidDataException($"the peer speaks cluster protocol version {version}, this silo version {ProtocolVersion}");
        }

        var processId = reader.Int32();
        var identity = new ClusterIdentity(
            reader.RequiredString(), unchecked((ulong)reader.Int64()), reader.Int32(), reader.Int32(),
            TimeSpan.FromTicks(reader.Int64()), reader.Int32(), reader.Byte() != 0, ReadPartitions(ref reader));
        return (processId, identity);
    }

    /// <summary>What differs between this process's identity and <paramref name="peer"/>'s, in words; null when they agree.</summary>
    public string? DifferenceFrom(ClusterIdentity peer)
    {
        var differences = new List<string>();
        Compare(differences, "flow", FlowId, peer.FlowId);
        if (FlowId == peer.FlowId && FlowShape != peer.FlowShape)
        {
            differences.Add("the flow's steps differ (a different version of the flow?)");
        }

        Compare(differences, "processes (-a)", ProcessCount, peer.ProcessCount);
        Compare(differences, "workers per process (-w)", WorkersPerProcess, peer.WorkersPerProcess);
        Compare(differences, "snapshot interval (-s, seconds)", EpochInterval.TotalSeconds, peer.EpochInterval.TotalSeconds);
        Compare(differences, "key partitions", KeyPartitionCount, peer.KeyPartitionCount);
        Compare(differences, "recovery (-r)", Recovery ? "on" : "off", peer.Recovery ? "on" : "off");
        if (FlowShape == peer.FlowShape)
        {
            foreach (var (mine, theirs) in Partitions.Zip(peer.Partitions).Where(pair => pair.First != pair.Second))
            {
                differences.Add($"step '{mine[..mine.LastIndexOf('=')]}' lists other partitions there ({Count(theirs)} there, {Count(mine)} here; every process must see the same)");
            }
        }
        return differences.Count == 0 ? null : string.Join("; ", differences);
    }

    private static string Count(string partitions) => partitions[(partitions.LastIndexOf('=') + 1)..partitions.LastIndexOf('/')];

    private static List<string> ReadPartitions(ref PayloadReader reader)
    {
        var partitions = new List<string>();
        for (var count = reader.Int32(); count > 0; count--)
        {
            partitions.Add(reader.RequiredString());
        }

        return partitions;
    }

    private static void Compare<T>(List<string> differences, string what, T mine, T theirs)
    {
        if (!EqualityComparer<T>.Default.Equals(mine, theirs))
        {
            differences.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: {theirs} there, {mine} here"));
        }
    }
}

using System.Globalization;
using System.Net;

namespace Orleans.Dataflow.Benchmarks.Cluster;

/// <summary>The hidden command line with which the benchmark program starts itself as one process of a loopback cluster.</summary>
/// <remarks>
/// <c>--cluster-member ID --addresses HOST:PORT,HOST:PORT --workload NAME --size RECORDS</c>, always starting with
/// <see cref="Flag"/>. It is not in the usage: <see cref="LoopbackCluster"/> writes it and <see cref="ClusterMember"/> reads it.
/// </remarks>
/// <param name="ProcessId">This process's index in <paramref name="Addresses"/>.</param>
/// <param name="Addresses">Where every process of the cluster listens, in process-id order.</param>
/// <param name="Workload">The workload's command-line name, e.g. <c>w1</c>.</param>
/// <param name="Records">The workload's size in input records, the same in every process.</param>
public sealed record ClusterMemberOptions(int ProcessId, IReadOnlyList<DnsEndPoint> Addresses, string Workload, long Records)
{
    /// <summary>The first argument of a cluster member's command line.</summary>
    public const string Flag = "--cluster-member";

    /// <summary>Whether <paramref name="args"/> start the program as a cluster member rather than as the benchmark.</summary>
    public static bool IsMemberCommandLine(IReadOnlyList<string> args) => args is [Flag, ..];

    /// <summary>Parses a command line that <see cref="ToArguments"/> wrote.</summary>
    /// <exception cref="ArgumentException">An argument is missing, unknown or malformed.</exception>
    public static ClusterMemberOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count % 2 != 0)
        {
            throw new ArgumentException($"a cluster member's arguments come in pairs, not '{string.Join(' ', args)}'");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        var known = new[] { Flag, "--addresses", "--workload", "--size" };
        if (values.Keys.Except(known).FirstOrDefault() is { } unknown)
        {
            throw new ArgumentException($"unknown cluster member argument '{unknown}'");
        }

        if (known.FirstOrDefault(k => !values.ContainsKey(k)) is { } missing)
        {
            throw new ArgumentException($"a cluster member needs {missing}");
        }

        return new ClusterMemberOptions(
            checked((int)ParseNumber(values[Flag], Flag)),
            [.. values["--addresses"].Split(',').Select(ParseAddress)],
            values["--workload"],
            ParseNumber(values["--size"], "--size"));
    }

    /// <summary>The command line that starts a process as this member; <see cref="Parse"/> reads it back.</summary>
    public IReadOnlyList<string> ToArguments() =>
    [
        Flag, ProcessId.ToString(CultureInfo.InvariantCulture),
        "--addresses", string.Join(',', Addresses.Select(a => $"{a.Host}:{a.Port.ToString(CultureInfo.InvariantCulture)}")),
        "--workload", Workload,
        "--size", Records.ToString(CultureInfo.InvariantCulture),
    ];

    private static long ParseNumber(string text, string flag) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
        ? value
        : throw new ArgumentException($"{flag} takes a number, not '{text}'");

    private static DnsEndPoint ParseAddress(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? new DnsEndPoint(text[..colon], port)
            : throw new ArgumentException($"--addresses takes host:port entries, not '{text}'");
    }
}

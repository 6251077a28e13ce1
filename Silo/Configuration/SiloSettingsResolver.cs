using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace Orleans.Dataflow.Silo.Configuration;

/// <summary>Combines flags, environment variables and appsettings.json into validated <see cref="SiloSettings"/>.</summary>
/// <remarks>
/// For each setting the first layer that gives a non-empty value wins: flag, then environment variable, then
/// the files (already merged, current directory over binary directory), then the default of <see cref="SiloSettings"/>.
/// A bad value is an error naming the layer it came from (<c>--workers</c>, <c>DATAFLOW_WORKERS</c>,
/// <c>Silo:Workers in appsettings.json</c>), not a silent fallback to a lower layer. Two settings are resolved
/// together: the process id (which, when not given, a Kubernetes pod derives from its name) must index the
/// addresses, and the addresses come from a list or a hostfile, never both.
/// </remarks>
internal sealed class SiloSettingsResolver(IConfiguration files, IConfiguration environment)
{
    private static readonly char[] _addressSeparators = [';', ',', '\n', '\r'];

    /// <summary>Resolves every setting; <paramref name="flags"/> maps a setting's long flag (<c>--workers</c>) to its raw value.</summary>
    /// <exception cref="SettingsException">A value is malformed or out of range, or two values contradict each other.</exception>
    public SiloSettings Resolve(IReadOnlyDictionary<string, string?> flags)
    {
        var defaults = new SiloSettings();
        var clusterPort = Resolve(flags, SiloSetting.ClusterPort, defaults.ClusterPort, ParsePort);
        var addresses = ResolveAddresses(flags, clusterPort);
        var processId = ResolveProcessId(flags);
        CheckProcessId(processId, addresses);
        var settings = new SiloSettings
        {
            Workers = Resolve(flags, SiloSetting.Workers, defaults.Workers, ParseWorkers),
            SnapshotInterval = Resolve(flags, SiloSetting.SnapshotInterval, defaults.SnapshotInterval, ParseSeconds),
            RecoveryDirectory = Resolve(flags, SiloSetting.RecoveryDirectory, defaults.RecoveryDirectory, ParseRecoveryDirectory),
            BackupInterval = Resolve(flags, SiloSetting.BackupInterval, defaults.BackupInterval, ParseSeconds),
            HttpPort = Resolve(flags, SiloSetting.HttpPort, defaults.HttpPort, ParsePort),
            ClusterPort = clusterPort,
            ProcessId = processId?.Id ?? defaults.ProcessId,
            Addresses = addresses?.EndPoints ?? defaults.Addresses,
            StartupTimeout = Resolve(flags, SiloSetting.StartupTimeout, defaults.StartupTimeout, ParsePositiveSeconds),
            FailureTimeout = Resolve(flags, SiloSetting.FailureTimeout, defaults.FailureTimeout, ParsePositiveSeconds),
            FlowName = Resolve<string?>(flags, SiloSetting.Flow, defaults.FlowName, (value, _) => value),
            Verbose = Resolve(flags, SiloSetting.Verbose, defaults.Verbose, ParseBool),
            Quiet = Resolve(flags, SiloSetting.Quiet, defaults.Quiet, ParseBool),
            TlsCertificate = Resolve(flags, SiloSetting.TlsCertificate, defaults.TlsCertificate, LoadCertificate),
            Clustering = Resolve(flags, SiloSetting.Clustering, defaults.Clustering, ParseClustering),
            Kubernetes = Resolve(flags, SiloSetting.Kubernetes, defaults.Kubernetes, ParseBool),
        };
        return settings;
    }

    /// <summary>The clustering database alone, and the layer that gave it (<c>--clustering</c>, <c>DATAFLOW_CLUSTERING</c>, <c>Silo:Clustering in appsettings.json</c>) for errors; null when no layer gives one.</summary>
    /// <remarks>For <c>serve</c>, which shares this one setting with <c>run</c>: the others (workers, addresses …) are a run's and are not read, so a deployment's variables for them do not stop a service.</remarks>
    /// <exception cref="SettingsException">The value is not a <c>postgres://</c> URL.</exception>
    public (string Url, string Source)? ResolveClustering(IReadOnlyDictionary<string, string?> flags)
        => Find(flags, SiloSetting.Clustering) is { } found ? (ParseClustering(found.Value, found.Source), found.Source) : null;

    /// <summary>Whether <c>serve</c> mounts Orleans' dashboard, from <c>--orleans-dashboard</c>, <c>DATAFLOW_ORLEANS_DASHBOARD</c> or <c>Silo:OrleansDashboard</c>; false when no layer gives it.</summary>
    /// <exception cref="SettingsException">The value is not a boolean.</exception>
    public bool ResolveOrleansDashboard(IReadOnlyDictionary<string, string?> flags) => Resolve(flags, SiloSetting.OrleansDashboard, false, ParseBool);

    private T Resolve<T>(IReadOnlyDictionary<string, string?> flags, SiloSetting setting, T fallback, Func<string, string, T> parse)
        => Find(flags, setting) is { } found ? parse(found.Value, found.Source) : fallback;

    /// <summary>The raw value of the highest layer that gives <paramref name="setting"/> one (trimmed), and that layer's name for errors.</summary>
    private RawValue? Find(IReadOnlyDictionary<string, string?> flags, SiloSetting setting)
    {
        if (setting.Flag is { } flag && flags.TryGetValue(flag, out var fromFlag) && fromFlag is not null)
        {
            return new(fromFlag.Trim(), flag);
        }

        if (environment[setting.EnvironmentKey] is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new(fromEnvironment.Trim(), setting.EnvironmentVariable);
        }

        if (setting.ConfigurationPath is { } path && files[path] is { } fromFile && !string.IsNullOrWhiteSpace(fromFile))
        {
            return new(fromFile.Trim(), $"{path} in {SiloConfigurationSources.FileName}");
        }

        return null;
    }

    /// <summary>The process id given (flag or variable) or derived from the pod's name; null when neither, i.e. the default.</summary>
    private ProcessIdValue? ResolveProcessId(IReadOnlyDictionary<string, string?> flags)
    {
        if (Find(flags, SiloSetting.ProcessId) is { } given)
        {
            return int.TryParse(given.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? new(id, given.Source)
                : throw new SettingsException($"{given.Source} must be a whole number, 0 or more; got '{given.Value}'");
        }

        var pod = Find(flags, SiloSetting.PodName);
        var statefulSet = Find(flags, SiloSetting.StatefulSetName);
        if (pod is null && statefulSet is null)
        {
            return null;
        }

        var podVariable = SiloSetting.PodName.EnvironmentVariable;
        var statefulSetVariable = SiloSetting.StatefulSetName.EnvironmentVariable;
        if (pod is null || statefulSet is null)
        {
            var (set, missing) = pod is null ? (statefulSetVariable, podVariable) : (podVariable, statefulSetVariable);
            throw new SettingsException(
                $"{podVariable} and {statefulSetVariable} give the process id together (the pod name is <statefulset>-<ordinal>), "
                + $"but only {set} is set; set {missing} too, or give the id with {SiloSetting.ProcessId.Flag} or {SiloSetting.ProcessId.EnvironmentVariable}");
        }

        var prefix = statefulSet.Value + "-";
        if (!pod.Value.StartsWith(prefix, StringComparison.Ordinal)
            || !int.TryParse(pod.Value.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal))
        {
            throw new SettingsException(
                $"{podVariable} '{pod.Value}' is not {statefulSetVariable} '{statefulSet.Value}' followed by '-' and an ordinal, "
                + $"so it gives no process id; set both from the same StatefulSet, or give the id with {SiloSetting.ProcessId.Flag} or {SiloSetting.ProcessId.EnvironmentVariable}");
        }

        return new(ordinal, $"{podVariable} '{pod.Value}'");
    }

    /// <summary>The addresses of a list (flag, variable or appsettings.json) or of a hostfile, or null when neither is given.</summary>
    private AddressesValue? ResolveAddresses(IReadOnlyDictionary<string, string?> flags, int defaultPort)
    {
        var list = Find(flags, SiloSetting.Addresses);
        var hostfile = Find(flags, SiloSetting.Hostfile);
        if (list is not null && hostfile is not null)
        {
            throw new SettingsException($"{list.Source} and {hostfile.Source} both give the cluster's addresses; give only one of them");
        }

        string source;
        List<(string Entry, string Source)> entries;
        if (list is not null)
        {
            source = list.Source;
            entries = list.Value.Split(_addressSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(entry => (entry, list.Source))
                .ToList();
        }
        else if (hostfile is not null)
        {
            source = $"{hostfile.Source} '{hostfile.Value}'";
            entries = ReadHostfile(hostfile);
        }
        else
        {
            return null;
        }

        if (entries.Count == 0)
        {
            throw new SettingsException($"{source} lists no addresses; give host:port of every process, separated by ';'");
        }

        var endPoints = new List<DnsEndPoint>(entries.Count);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (entry, entrySource) in entries)
        {
            var endPoint = ParseAddress(entry, entrySource, defaultPort);
            var identity = $"{NormalizeHost(endPoint.Host)}:{endPoint.Port}";
            if (!seen.TryAdd(identity, entry))
            {
                throw new SettingsException($"{entrySource} lists address '{entry}' twice (as '{seen[identity]}' and '{entry}'); every process needs an address of its own");
            }

            endPoints.Add(endPoint);
        }

        return new(endPoints, source);
    }

    private static List<(string Entry, string Source)> ReadHostfile(RawValue hostfile)
    {
        if (hostfile.Value.Length == 0)
        {
            throw new SettingsException($"{hostfile.Source} must name a file of addresses; got an empty value");
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(hostfile.Value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new SettingsException($"{hostfile.Source} '{hostfile.Value}' cannot be read: {e.Message}");
        }

        var entries = new List<(string Entry, string Source)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var source = $"{hostfile.Source} '{hostfile.Value}' line {i + 1}";
            if (line.IndexOfAny(_addressSeparators) >= 0)
            {
                throw new SettingsException($"{source} has '{line}': a hostfile holds one address per line");
            }

            entries.Add((line, source));
        }

        return entries;
    }

    /// <summary>Parses <c>host</c>, <c>host:port</c>, <c>[ipv6]</c> or <c>[ipv6]:port</c>; an IPv6 host is returned without brackets.</summary>
    private static DnsEndPoint ParseAddress(string entry, string source, int defaultPort)
    {
        string host;
        string? port;
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw BadAddress(entry, source, "an IPv6 address needs its closing ']', as in [::1]:7301");
            }

            host = entry[1..close];
            if (!IPAddress.TryParse(host, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            {
                throw BadAddress(entry, source, $"'{host}' in brackets is not an IPv6 address");
            }

            var rest = entry[(close + 1)..];
            port = rest.Length == 0 ? null
                : rest[0] == ':' ? rest[1..]
                : throw BadAddress(entry, source, "only ':port' may follow the ']' of an IPv6 address");
        }
        else
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && entry.IndexOf(':', colon + 1) >= 0)
            {
                throw BadAddress(entry, source, "an IPv6 address must be in brackets, as in [::1]:7301");
            }

            (host, port) = colon < 0 ? (entry, null) : (entry[..colon], entry[(colon + 1)..]);
            if (host.Length == 0)
            {
                throw BadAddress(entry, source, "the host is missing");
            }

            if (!host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
            {
                throw BadAddress(entry, source, $"'{host}' is not a host name or IP address");
            }
        }

        if (port is null)
        {
            return new DnsEndPoint(host, defaultPort);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535
            ? new DnsEndPoint(host, number)
            : throw BadAddress(entry, source, port.Length == 0 ? "the port after ':' is missing" : $"port '{port}' is not a TCP port from 1 to 65535");
    }

    private static SettingsException BadAddress(string entry, string source, string reason)
        => new($"{source} has a bad address '{entry}': {reason}");

    /// <summary>The host as two addresses are compared: IP literals in their canonical form, names case-insensitively.</summary>
    private static string NormalizeHost(string host)
        => IPAddress.TryParse(host, out var ip) ? ip.ToString() : host.ToLowerInvariant();

    private static void CheckProcessId(ProcessIdValue? processId, AddressesValue? addresses)
    {
        if (processId is not { } id)
        {
            return;
        }

        if (addresses is { } given && id.Id >= given.EndPoints.Count)
        {
            throw new SettingsException(
                $"{id.Source} gives process id {id.Id}, but {given.Source} lists {given.EndPoints.Count} address(es): process ids are 0 to {given.EndPoints.Count - 1}");
        }

        if (addresses is null && id.Id > 0)
        {
            throw new SettingsException(
                $"{id.Source} gives process id {id.Id}, but no addresses are given: list every process's address with "
                + $"{SiloSetting.Addresses.Flag} or {SiloSetting.Hostfile.Flag} ({SiloSetting.Addresses.EnvironmentVariable}, {SiloSetting.Hostfile.EnvironmentVariable})");
        }
    }

    /// <summary>Loads the PKCS#12 file <paramref name="path"/> with the password from <see cref="SiloSetting.TlsCertificatePassword"/>: a certificate with its private key.</summary>
    private X509Certificate2 LoadCertificate(string path, string source)
    {
        if (!File.Exists(path))
        {
            throw new SettingsException($"{source}: the TLS certificate file '{path}' does not exist");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, environment[SiloSetting.TlsCertificatePassword.EnvironmentKey]);
        }
        catch (CryptographicException e)
        {
            throw new SettingsException(
                $"{source}: '{path}' is not a PKCS#12 (.pfx) file this process can open ({e.Message}); if it has a password, set {SiloSetting.TlsCertificatePassword.EnvironmentVariable}");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new SettingsException($"{source}: the certificate in '{path}' has no private key; export it with its key (openssl pkcs12 -export -inkey KEY -in CERT)");
        }

        return certificate;
    }

    private static TimeSpan ParsePositiveSeconds(string value, string source)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds) && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        throw new SettingsException($"{source} must be a number of seconds greater than 0 (fractions like 0.5 are fine); got '{value}'");
    }

    private static int ParseWorkers(string value, string source)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var workers) || workers < 1)
        {
            throw new SettingsException($"{source} must be a whole number of workers, 1 or more; got '{value}'");
        }

        return Hosting.RunOptions.RefuseWorkerCount(workers) is { } refused ? throw new SettingsException($"{source} of {workers} is refused: {refused}") : workers;
    }

    private static TimeSpan ParseSeconds(string value, string source)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds) && seconds >= 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        throw new SettingsException($"{source} must be a number of seconds, 0 or more (fractions like 0.5 are fine); got '{value}'");
    }

    private static int ParsePort(string value, string source)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new SettingsException($"{source} must be a TCP port from 1 to 65535; got '{value}'");

    private static bool ParseBool(string value, string source) => value.ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw new SettingsException($"{source} must be true or false; got '{value}'"),
    };

    private static string ParseClustering(string value, string source)
    {
        try
        {
            Recovery.PostgresConnectionUrl.Parse(value);
            return value;
        }
        catch (Recovery.RecoveryStoreException e)
        {
            throw new SettingsException($"{source}: {e.Message}");
        }
    }

    private static string ParseRecoveryDirectory(string value, string source)
        => string.IsNullOrWhiteSpace(value) ? throw new SettingsException($"{source} must name a directory or a postgres:// URL; got an empty value") : value;

    /// <summary>A setting's raw value and the layer it came from (<c>--workers</c>, <c>DATAFLOW_WORKERS</c>, <c>Silo:Workers in appsettings.json</c>).</summary>
    private sealed record RawValue(string Value, string Source);

    /// <summary>A process id and what gave it, for errors (<c>--process-id</c>, <c>DATAFLOW_POD_NAME 'dataflow-3'</c>).</summary>
    private readonly record struct ProcessIdValue(int Id, string Source);

    /// <summary>The cluster's addresses and what gave them, for errors.</summary>
    private sealed record AddressesValue(IReadOnlyList<DnsEndPoint> EndPoints, string Source);
}

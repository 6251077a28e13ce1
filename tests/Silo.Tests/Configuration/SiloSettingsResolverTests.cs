using Orleans.Dataflow.Silo.Configuration;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Configuration;

public class SiloSettingsResolverTests
{
    private static readonly IReadOnlyDictionary<string, string?> _noFlags = new Dictionary<string, string?>();

    [Fact]
    public void Resolve_NothingSet_UsesBuiltInDefaults()
    {
        var settings = Resolve(_noFlags, env: [], directories: []);

        Assert.Equal(new SiloSettings(), settings);
        Assert.Equal(1, settings.Workers);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.SnapshotInterval);
        Assert.Null(settings.RecoveryDirectory);
        Assert.Equal(TimeSpan.Zero, settings.BackupInterval);
        Assert.Equal(7300, settings.HttpPort);
        Assert.Equal(7301, settings.ClusterPort);
        Assert.Equal(0, settings.ProcessId);
        Assert.Empty(settings.Addresses);
        Assert.Equal(1, settings.ProcessCount);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.StartupTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.FailureTimeout);
    }

    [Fact]
    public void Resolve_RepositoryAppSettings_EqualsBuiltInDefaults()
    {
        var settings = Resolve(_noFlags, env: [], directories: [RepositoryPaths.Root]);

        Assert.Equal(new SiloSettings(), settings);
    }

    [Fact]
    public void Resolve_SiloBinaryDirectory_HasAppSettingsCopy()
    {
        var copy = Path.Combine(Path.GetDirectoryName(RepositoryPaths.SiloAssembly)!, SiloConfigurationSources.FileName);

        Assert.True(File.Exists(copy), $"{copy} is missing; appsettings.json must be copied to the silo's output");
        Assert.Equal(File.ReadAllText(RepositoryPaths.Combine("appsettings.json")), File.ReadAllText(copy));
    }

    [Fact]
    public void Resolve_AppSettingsOnly_UsesFileValues()
    {
        using var dir = new TempDirectory();
        dir.Write("appsettings.json", """
            { "Silo": { "Workers": 3, "SnapshotIntervalSeconds": 0.25, "BackupIntervalSeconds": 30, "Ports": { "Http": 8000, "Cluster": 8001 } } }
            """);

        var settings = Resolve(_noFlags, env: [], directories: [dir.Path]);

        Assert.Equal(3, settings.Workers);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.SnapshotInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.BackupInterval);
        Assert.Equal(8000, settings.HttpPort);
        Assert.Equal(8001, settings.ClusterPort);
    }

    [Fact]
    public void Resolve_CurrentDirectoryFile_OverridesBinaryDirectoryFile()
    {
        using var binary = new TempDirectory();
        using var current = new TempDirectory();
        binary.Write("appsettings.json", """{ "Silo": { "Workers": 2, "SnapshotIntervalSeconds": 5 } }""");
        current.Write("appsettings.json", """{ "Silo": { "Workers": 6 } }""");

        var settings = Resolve(_noFlags, env: [], directories: [binary.Path, current.Path]);

        Assert.Equal(6, settings.Workers);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.SnapshotInterval);
    }

    [Fact]
    public void Resolve_EnvironmentAndFile_EnvironmentWins()
    {
        using var dir = new TempDirectory();
        dir.Write("appsettings.json", """{ "Silo": { "Workers": 3, "SnapshotIntervalSeconds": 7 } }""");

        var settings = Resolve(_noFlags, env: new() { ["DATAFLOW_WORKERS"] = "5", ["DATAFLOW_HTTP_PORT"] = "9000" }, directories: [dir.Path]);

        Assert.Equal(5, settings.Workers);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.SnapshotInterval);
        Assert.Equal(9000, settings.HttpPort);
    }

    [Fact]
    public void Resolve_FlagEnvironmentAndFile_FlagWins()
    {
        using var dir = new TempDirectory();
        dir.Write("appsettings.json", """{ "Silo": { "Workers": 3 } }""");

        var settings = Resolve(
            new Dictionary<string, string?> { ["--workers"] = "4", ["--flow"] = "fromflag", ["--verbose"] = "True" },
            env: new() { ["DATAFLOW_WORKERS"] = "5", ["DATAFLOW_FLOW"] = "fromenv", ["DATAFLOW_SNAPSHOT_INTERVAL"] = "0.5" },
            directories: [dir.Path]);

        Assert.Equal(4, settings.Workers);
        Assert.Equal("fromflag", settings.FlowName);
        Assert.True(settings.Verbose);
        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.SnapshotInterval);
    }

    [Fact]
    public void Resolve_EmptyEnvironmentVariable_FallsThroughToFile()
    {
        using var dir = new TempDirectory();
        dir.Write("appsettings.json", """{ "Silo": { "Workers": 3 } }""");

        var settings = Resolve(_noFlags, env: new() { ["DATAFLOW_WORKERS"] = " " }, directories: [dir.Path]);

        Assert.Equal(3, settings.Workers);
    }

    [Theory]
    [InlineData("0.5", 500)]
    [InlineData("0", 0)]
    [InlineData("2", 2000)]
    [InlineData("1e-3", 1)]
    public void Resolve_SnapshotIntervalFlag_AcceptsFractionsOfSeconds(string value, int expectedMilliseconds)
    {
        var settings = Resolve(new Dictionary<string, string?> { ["--snapshot-interval"] = value }, env: [], directories: []);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), settings.SnapshotInterval);
    }

    [Theory]
    [InlineData("--workers", "0")]
    [InlineData("--workers", "-3")]
    [InlineData("--workers", "1.5")]
    [InlineData("--workers", "many")]
    [InlineData("--snapshot-interval", "-0.1")]
    [InlineData("--snapshot-interval", "NaN")]
    [InlineData("--snapshot-interval", "soon")]
    [InlineData("--backup-interval", "-1")]
    [InlineData("--verbose", "maybe")]
    [InlineData("--process-id", "-1")]
    [InlineData("--process-id", "first")]
    [InlineData("--startup-timeout", "0")]
    [InlineData("--startup-timeout", "-5")]
    [InlineData("--failure-timeout", "0")]
    [InlineData("--failure-timeout", "later")]
    public void Resolve_BadFlagValue_ThrowsNamingTheFlag(string flag, string value)
    {
        var error = Assert.Throws<SettingsException>(() => Resolve(new Dictionary<string, string?> { [flag] = value }, env: [], directories: []));

        Assert.StartsWith(flag + " ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("DATAFLOW_WORKERS", "zero")]
    [InlineData("DATAFLOW_SNAPSHOT_INTERVAL", "-5")]
    [InlineData("DATAFLOW_HTTP_PORT", "70000")]
    [InlineData("DATAFLOW_CLUSTER_PORT", "0")]
    [InlineData("DATAFLOW_PROCESS_ID", "1.5")]
    [InlineData("DATAFLOW_STARTUP_TIMEOUT", "0")]
    [InlineData("DATAFLOW_FAILURE_TIMEOUT", "-1")]
    [InlineData("DATAFLOW_ADDRESSES", "a:1;b:")]
    [InlineData("DATAFLOW_KUBERNETES", "maybe")]
    public void Resolve_BadEnvironmentValue_ThrowsNamingTheVariable(string variable, string value)
    {
        var error = Assert.Throws<SettingsException>(() => Resolve(_noFlags, env: new() { [variable] = value }, directories: []));

        Assert.StartsWith(variable + " ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_BadFileValue_ThrowsNamingTheKeyAndFile()
    {
        using var dir = new TempDirectory();
        dir.Write("appsettings.json", """{ "Silo": { "SnapshotIntervalSeconds": -1 } }""");

        var error = Assert.Throws<SettingsException>(() => Resolve(_noFlags, env: [], directories: [dir.Path]));

        Assert.StartsWith("Silo:SnapshotIntervalSeconds in appsettings.json ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MalformedJson_ThrowsNamingTheFile()
    {
        using var dir = new TempDirectory();
        dir.Write("appsettings.json", """{ "Silo": { "Workers": """);

        var error = Assert.Throws<SettingsException>(() => Resolve(_noFlags, env: [], directories: [dir.Path]));

        Assert.Contains("appsettings.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MoreWorkersThanTheMachineCanSchedule_IsRefusedNamingTheLimit()
    {
        var limit = Orleans.Dataflow.Silo.Hosting.RunOptions.MaxWorkerCount;

        Assert.Equal(limit, Resolve(Flags("--workers", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)), env: [], directories: []).Workers);
        var error = Assert.Throws<SettingsException>(() => Resolve(Flags("--workers", (limit + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), env: [], directories: []));

        Assert.StartsWith($"--workers of {limit + 1} is refused: this machine has {Environment.ProcessorCount} processor(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"at most {Orleans.Dataflow.Silo.Hosting.RunOptions.MaxWorkersPerProcessor} workers per processor ({limit})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_Kubernetes_FromTheFlagOrTheEnvironment_TurnsKubernetesHostingOn()
    {
        Assert.False(Resolve(_noFlags, env: [], directories: []).Kubernetes);
        Assert.True(Resolve(Flags("--kubernetes", "True"), env: [], directories: []).ToRunOptions().Kubernetes);
        Assert.True(Resolve(_noFlags, env: new() { ["DATAFLOW_KUBERNETES"] = "true" }, directories: []).ToRunOptions().Kubernetes);
    }

    [Fact]
    public void ResolveOrleansDashboard_OffByDefault_TurnedOnByTheFlagTheEnvironmentOrAppSettings()
    {
        using var dir = new TempDirectory();
        dir.Write("appsettings.json", """{ "Silo": { "OrleansDashboard": true } }""");

        Assert.False(Resolver(env: [], directories: []).ResolveOrleansDashboard(_noFlags));
        Assert.False(Resolver(env: [], directories: [RepositoryPaths.Root]).ResolveOrleansDashboard(_noFlags));
        Assert.True(Resolver(env: [], directories: []).ResolveOrleansDashboard(Flags("--orleans-dashboard", "true")));
        Assert.True(Resolver(env: new() { ["DATAFLOW_ORLEANS_DASHBOARD"] = "on" }, directories: []).ResolveOrleansDashboard(_noFlags));
        Assert.True(Resolver(env: [], directories: [dir.Path]).ResolveOrleansDashboard(_noFlags));
        Assert.Empty(SiloConfigurationSources.UnknownKeyWarnings(SiloConfigurationSources.LoadFiles([dir.Path])));
    }

    [Fact]
    public void Resolve_RecoveryDirectoryFromEnvironment_IsUsed()
    {
        var settings = Resolve(_noFlags, env: new() { ["DATAFLOW_RECOVERY_DIRECTORY"] = "/tmp/recovery" }, directories: []);

        Assert.Equal("/tmp/recovery", settings.RecoveryDirectory);
    }

    [Fact]
    public void Resolve_AddressesFlag_ParsesEveryEntryInOrder()
    {
        var settings = Resolve(Flags("--addresses", " 10.0.0.1:2101; node-b.example:2102 ,\n[::1]:2103\r\n[fe80::1] ;localhost;"), env: [], directories: []);

        Assert.Equal(
            [("10.0.0.1", 2101), ("node-b.example", 2102), ("::1", 2103), ("fe80::1", 7301), ("localhost", 7301)],
            settings.Addresses.Select(a => (a.Host, a.Port)));
        Assert.Equal(5, settings.ProcessCount);
        Assert.Equal(0, settings.ProcessId);
    }

    [Fact]
    public void Resolve_AddressWithoutPort_GetsTheClusterPortSetting()
    {
        var settings = Resolve(_noFlags, env: new() { ["DATAFLOW_ADDRESSES"] = "a;b:9", ["DATAFLOW_CLUSTER_PORT"] = "8000" }, directories: []);

        Assert.Equal([("a", 8000), ("b", 9)], settings.Addresses.Select(a => (a.Host, a.Port)));
        Assert.Equal(8000, settings.ClusterPort);
    }

    [Fact]
    public void Resolve_AddressesInAppSettings_AreUsedBelowTheEnvironment()
    {
        using var dir = new TempDirectory();
        dir.Write("appsettings.json", """{ "Silo": { "Addresses": "x:1;y:2", "StartupTimeoutSeconds": 120, "FailureTimeoutSeconds": 2.5 } }""");

        var fromFile = Resolve(_noFlags, env: [], directories: [dir.Path]);
        var fromEnvironment = Resolve(_noFlags, env: new() { ["DATAFLOW_ADDRESSES"] = "z:3", ["DATAFLOW_FAILURE_TIMEOUT"] = "1" }, directories: [dir.Path]);

        Assert.Equal([("x", 1), ("y", 2)], fromFile.Addresses.Select(a => (a.Host, a.Port)));
        Assert.Equal(TimeSpan.FromSeconds(120), fromFile.StartupTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2.5), fromFile.FailureTimeout);
        Assert.Equal([("z", 3)], fromEnvironment.Addresses.Select(a => (a.Host, a.Port)));
        Assert.Equal(TimeSpan.FromSeconds(1), fromEnvironment.FailureTimeout);
    }

    [Theory]
    [InlineData("a:1;host:", "host:", "port after ':' is missing")]
    [InlineData("host:0", "host:0", "port '0'")]
    [InlineData("host:70000", "host:70000", "port '70000'")]
    [InlineData("host:http", "host:http", "port 'http'")]
    [InlineData("host:+80", "host:+80", "port '+80'")]
    [InlineData("::1:80", "::1:80", "in brackets")]
    [InlineData("[::1:80", "[::1:80", "closing ']'")]
    [InlineData("[10.0.0.1]:80", "[10.0.0.1]:80", "not an IPv6 address")]
    [InlineData("[::1]80", "[::1]80", "only ':port'")]
    [InlineData(":80", ":80", "host is missing")]
    [InlineData("a b:80", "a b:80", "not a host name")]
    [InlineData("http://a:80", "http://a:80", "brackets")]
    public void Resolve_BadAddress_ThrowsNamingTheFlagAndTheEntry(string value, string entry, string reason)
    {
        var error = Assert.Throws<SettingsException>(() => Resolve(Flags("--addresses", value), env: [], directories: []));

        Assert.StartsWith("--addresses ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{entry}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ; ,")]
    public void Resolve_AddressesWithoutAnEntry_Throws(string value)
    {
        var error = Assert.Throws<SettingsException>(() => Resolve(Flags("--addresses", value), env: [], directories: []));

        Assert.StartsWith("--addresses lists no addresses", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a:1;b:2;A:1", "'a:1'")]
    [InlineData("[::1]:5;[0:0::1]:5", "'[0:0::1]:5'")]
    [InlineData("h;h:7301", "'h:7301'")]
    public void Resolve_DuplicateAddress_ThrowsNamingIt(string value, string named)
    {
        var error = Assert.Throws<SettingsException>(() => Resolve(Flags("--addresses", value), env: [], directories: []));

        Assert.StartsWith("--addresses lists address ", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_Hostfile_ReadsOneAddressPerLineSkippingBlanksAndComments()
    {
        using var dir = new TempDirectory();
        var hostfile = dir.Write("hosts", "# the cluster\n\n  10.0.0.1:2101  \n# process 1:\nnode-b\r\n[::1]:2103\n");

        var settings = Resolve(Flags("--hostfile", hostfile, "--process-id", "2"), env: [], directories: []);

        Assert.Equal([("10.0.0.1", 2101), ("node-b", 7301), ("::1", 2103)], settings.Addresses.Select(a => (a.Host, a.Port)));
        Assert.Equal(2, settings.ProcessId);
    }

    [Fact]
    public void Resolve_HostfileFromEnvironment_IsUsed()
    {
        using var dir = new TempDirectory();
        var hostfile = dir.Write("hosts", "a:1\nb:2\n");

        var settings = Resolve(_noFlags, env: new() { ["DATAFLOW_HOSTFILE"] = hostfile }, directories: []);

        Assert.Equal(2, settings.Addresses.Count);
    }

    [Fact]
    public void Resolve_HostfileBadLine_ThrowsNamingFileLineAndEntry()
    {
        using var dir = new TempDirectory();
        var hostfile = dir.Write("hosts", "# cluster\na:1\n\nb:x\n");

        var error = Assert.Throws<SettingsException>(() => Resolve(Flags("--hostfile", hostfile), env: [], directories: []));

        Assert.StartsWith($"--hostfile '{hostfile}' line 4 has a bad address 'b:x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_HostfileLineWithSeveralAddresses_ThrowsNamingTheLine()
    {
        using var dir = new TempDirectory();
        var hostfile = dir.Write("hosts", "a:1;b:2\n");

        var error = Assert.Throws<SettingsException>(() => Resolve(_noFlags, env: new() { ["DATAFLOW_HOSTFILE"] = hostfile }, directories: []));

        Assert.StartsWith($"DATAFLOW_HOSTFILE '{hostfile}' line 1 has 'a:1;b:2'", error.Message, StringComparison.Ordinal);
        Assert.Contains("one address per line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_HostfileDuplicate_ThrowsNamingTheSecondLine()
    {
        using var dir = new TempDirectory();
        var hostfile = dir.Write("hosts", "a:1\nb:2\na:1\n");

        var error = Assert.Throws<SettingsException>(() => Resolve(Flags("--hostfile", hostfile), env: [], directories: []));

        Assert.StartsWith($"--hostfile '{hostfile}' line 3 lists address 'a:1' twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_HostfileMissingOrEmpty_Throws()
    {
        using var dir = new TempDirectory();
        var missing = Path.Combine(dir.Path, "missing");
        var empty = dir.Write("empty", "# nobody\n\n");

        var missingError = Assert.Throws<SettingsException>(() => Resolve(Flags("--hostfile", missing), env: [], directories: []));
        var emptyError = Assert.Throws<SettingsException>(() => Resolve(Flags("--hostfile", empty), env: [], directories: []));

        Assert.StartsWith($"--hostfile '{missing}' cannot be read", missingError.Message, StringComparison.Ordinal);
        Assert.StartsWith($"--hostfile '{empty}' lists no addresses", emptyError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AddressesAndHostfile_ThrowsNamingBoth()
    {
        using var dir = new TempDirectory();
        var hostfile = dir.Write("hosts", "a:1\n");

        var error = Assert.Throws<SettingsException>(() => Resolve(Flags("--hostfile", hostfile), env: new() { ["DATAFLOW_ADDRESSES"] = "a:1" }, directories: []));

        Assert.Equal("DATAFLOW_ADDRESSES and --hostfile both give the cluster's addresses; give only one of them", error.Message);
    }

    [Theory]
    [InlineData("--process-id", "1")]
    [InlineData("--process-id", "2")]
    public void Resolve_ProcessIdFlag_IndexesTheAddresses(string flag, string value)
    {
        var settings = Resolve(Flags(flag, value, "--addresses", "a:1;b:2;c:3"), env: [], directories: []);

        Assert.Equal(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture), settings.ProcessId);
        Assert.Equal(3, settings.ProcessCount);
    }

    [Fact]
    public void Resolve_ProcessIdNotBelowAddressCount_ThrowsNamingBoth()
    {
        var error = Assert.Throws<SettingsException>(() => Resolve(Flags("--addresses", "a:1;b:2;c:3"), env: new() { ["DATAFLOW_PROCESS_ID"] = "3" }, directories: []));

        Assert.Equal("DATAFLOW_PROCESS_ID gives process id 3, but --addresses lists 3 address(es): process ids are 0 to 2", error.Message);
    }

    [Fact]
    public void Resolve_ProcessIdWithoutAddresses_ThrowsUnlessZero()
    {
        var zero = Resolve(Flags("--process-id", "0"), env: [], directories: []);
        var error = Assert.Throws<SettingsException>(() => Resolve(Flags("--process-id", "1"), env: [], directories: []));

        Assert.Equal(0, zero.ProcessId);
        Assert.StartsWith("--process-id gives process id 1, but no addresses are given", error.Message, StringComparison.Ordinal);
        Assert.Contains("--addresses", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SingleAddress_IsOneProcess()
    {
        var settings = Resolve(Flags("--addresses", "127.0.0.1:2101"), env: [], directories: []);

        Assert.Equal(1, settings.ProcessCount);
        Assert.Equal(new System.Net.DnsEndPoint("127.0.0.1", 2101), Assert.Single(settings.Addresses));
    }

    [Fact]
    public void Resolve_StatefulSetPodName_GivesTheProcessId()
    {
        var env = new Dictionary<string, string?>
        {
            ["DATAFLOW_POD_NAME"] = "my-flow-2",
            ["DATAFLOW_STATEFULSET_NAME"] = "my-flow",
            ["DATAFLOW_ADDRESSES"] = "my-flow-0.my-flow:7301;my-flow-1.my-flow:7301;my-flow-2.my-flow:7301",
        };

        var settings = Resolve(_noFlags, env, directories: []);
        var overridden = Resolve(Flags("--process-id", "1"), env, directories: []);

        Assert.Equal(2, settings.ProcessId);
        Assert.Equal(1, overridden.ProcessId);
    }

    [Theory]
    [InlineData("other-2", "my-flow")]
    [InlineData("my-flow", "my-flow")]
    [InlineData("my-flow-", "my-flow")]
    [InlineData("my-flow-x", "my-flow")]
    [InlineData("my-flow--1", "my-flow")]
    [InlineData("my-flow-1-2", "my-flow")]
    public void Resolve_PodNameNotOfTheStatefulSet_ThrowsNamingBothVariables(string pod, string statefulSet)
    {
        var error = Assert.Throws<SettingsException>(() => Resolve(_noFlags, env: new() { ["DATAFLOW_POD_NAME"] = pod, ["DATAFLOW_STATEFULSET_NAME"] = statefulSet }, directories: []));

        Assert.StartsWith($"DATAFLOW_POD_NAME '{pod}' is not DATAFLOW_STATEFULSET_NAME '{statefulSet}' followed by '-' and an ordinal", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DATAFLOW_POD_NAME", "my-flow-0")]
    [InlineData("DATAFLOW_STATEFULSET_NAME", "my-flow")]
    public void Resolve_OnlyOneOfPodAndStatefulSetName_ThrowsNamingBoth(string variable, string value)
    {
        var error = Assert.Throws<SettingsException>(() => Resolve(_noFlags, env: new() { [variable] = value }, directories: []));

        Assert.StartsWith("DATAFLOW_POD_NAME and DATAFLOW_STATEFULSET_NAME give the process id together", error.Message, StringComparison.Ordinal);
        Assert.Contains($"only {variable} is set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_PodOrdinalBeyondAddresses_ThrowsNamingThePod()
    {
        var error = Assert.Throws<SettingsException>(() => Resolve(_noFlags, env: new()
        {
            ["DATAFLOW_POD_NAME"] = "df-3",
            ["DATAFLOW_STATEFULSET_NAME"] = "df",
            ["DATAFLOW_ADDRESSES"] = "df-0.df;df-1.df;df-2.df",
        }, directories: []));

        Assert.Equal("DATAFLOW_POD_NAME 'df-3' gives process id 3, but DATAFLOW_ADDRESSES lists 3 address(es): process ids are 0 to 2", error.Message);
    }

    [Fact]
    public void ToRunOptions_ClusterSettings_AreCopied()
    {
        var settings = Resolve(
            Flags("--addresses", "a:1;b:2", "--process-id", "1", "--startup-timeout", "30", "--failure-timeout", "0.5", "--workers", "3"),
            env: [],
            directories: []);

        var options = settings.ToRunOptions();

        Assert.Equal(1, options.ProcessId);
        Assert.Equal(settings.Addresses, options.Addresses);
        Assert.Equal(TimeSpan.FromSeconds(30), options.StartupTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.FailureTimeout);
        Assert.Equal(3, options.WorkerCount);
    }

    [Fact]
    public void SiloSetting_All_ListsEverySettingOnce()
    {
        var declared = typeof(SiloSetting)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(SiloSetting))
            .Select(f => (SiloSetting)f.GetValue(null)!)
            .ToList();

        Assert.Equal(declared.Select(s => s.EnvironmentVariable).Order(StringComparer.Ordinal), SiloSetting.All.Select(s => s.EnvironmentVariable).Order(StringComparer.Ordinal));
        Assert.All(SiloSetting.All, s => Assert.StartsWith(SiloSetting.EnvironmentPrefix, s.EnvironmentVariable, StringComparison.Ordinal));
    }

    private static Dictionary<string, string?> Flags(params string[] pairs)
    {
        var flags = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Length; i += 2)
        {
            flags[pairs[i]] = pairs[i + 1];
        }

        return flags;
    }

    [Fact]
    public void Resolve_TlsCertificateWithItsPasswordVariable_LoadsItWithItsKey()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "cluster.pfx");
        TestCertificates.WritePfx(path, "dataflow-cluster", password: "s3cret");

        var settings = Resolve(Flags("--tls-certificate", path), env: new() { ["DATAFLOW_TLS_CERTIFICATE_PASSWORD"] = "s3cret" }, directories: []);

        using var certificate = settings.TlsCertificate;
        Assert.NotNull(certificate);
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("CN=dataflow-cluster", certificate.Subject);
    }

    [Fact]
    public void Resolve_TlsCertificateFileMissing_NamesTheFlagAndThePath()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "missing.pfx");

        var error = Assert.Throws<SettingsException>(() => Resolve(_noFlags, env: new() { ["DATAFLOW_TLS_CERTIFICATE"] = path }, directories: []));

        Assert.Equal($"DATAFLOW_TLS_CERTIFICATE: the TLS certificate file '{path}' does not exist", error.Message);
    }

    [Fact]
    public void Resolve_TlsCertificateWithAWrongPassword_SaysWhichVariableGivesIt()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "cluster.pfx");
        TestCertificates.WritePfx(path, "dataflow-cluster", password: "s3cret");

        var error = Assert.Throws<SettingsException>(() => Resolve(Flags("--tls-certificate", path), env: [], directories: []));

        Assert.StartsWith($"--tls-certificate: '{path}' is not a PKCS#12 (.pfx) file this process can open", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("if it has a password, set DATAFLOW_TLS_CERTIFICATE_PASSWORD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_TlsCertificateWithoutItsPrivateKey_IsRefused()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "public.pfx");
        using (var certificate = TestCertificates.Create("dataflow-cluster"))
        using (var withoutKey = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.RawData))
        {
            File.WriteAllBytes(path, withoutKey.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx));
        }

        var error = Assert.Throws<SettingsException>(() => Resolve(Flags("--tls-certificate", path), env: [], directories: []));

        Assert.StartsWith($"--tls-certificate: the certificate in '{path}' has no private key", error.Message, StringComparison.Ordinal);
    }

    private static SiloSettings Resolve(IReadOnlyDictionary<string, string?> flags, Dictionary<string, string?> env, IReadOnlyList<string> directories)
        => Resolver(env, directories).Resolve(flags);

    private static SiloSettingsResolver Resolver(Dictionary<string, string?> env, IReadOnlyList<string> directories)
        => new(SiloConfigurationSources.LoadFiles(directories), SiloConfigurationSources.LoadEnvironment(env));
}

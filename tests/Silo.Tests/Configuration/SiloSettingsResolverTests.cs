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
    public void Resolve_RecoveryDirectoryFromEnvironment_IsUsed()
    {
        var settings = Resolve(_noFlags, env: new() { ["DATAFLOW_RECOVERY_DIRECTORY"] = "/tmp/recovery" }, directories: []);

        Assert.Equal("/tmp/recovery", settings.RecoveryDirectory);
    }

    private static SiloSettings Resolve(IReadOnlyDictionary<string, string?> flags, Dictionary<string, string?> env, IReadOnlyList<string> directories)
        => new SiloSettingsResolver(SiloConfigurationSources.LoadFiles(directories), SiloConfigurationSources.LoadEnvironment(env)).Resolve(flags);
}

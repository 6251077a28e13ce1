using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Service;

/// <summary><c>serve</c> refuses a clustering database it cannot use before it serves anything, with an error naming the setting that gave it.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ServeClusteringSettingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Serve_ClusteringNotAPostgresUrl_IsAUsageErrorNamingTheFlag()
    {
        var run = Serve(["--clustering", "mysql://user:secret@db/flows"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--clustering", run.Error, StringComparison.Ordinal);
        Assert.Contains("postgres://", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_ClusteringFromEnvironmentWithNoServerThere_FailsNamingTheVariableAndTheServer()
    {
        var port = RunningService.FreePort();
        var run = Serve([], new Dictionary<string, string?> { ["DATAFLOW_CLUSTERING"] = $"postgres://dataflow:secret@127.0.0.1:{port}/flows" });

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains($"DATAFLOW_CLUSTERING: the clustering database 127.0.0.1:{port}/flows cannot be used", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("serving on", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_ClusteringFromAppSettings_WithJoin_IsAUsageErrorNamingBoth()
    {
        _dir.Write("appsettings.json", """{ "Silo": { "Clustering": "postgres://dataflow@127.0.0.1/flows" } }""");

        var run = Serve(["--join", "127.0.0.1:11111"], settingsDirectories: [_dir.Path]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--join", run.Error, StringComparison.Ordinal);
        Assert.Contains("Silo:Clustering in appsettings.json", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private CliRun Serve(string[] args, IReadOnlyDictionary<string, string?>? environment = null, IReadOnlyList<string>? settingsDirectories = null)
        => CliRun.Invoke(["serve", "--data", Path.Combine(_dir.Path, "data"), "--silo-port", $"{RunningService.FreePort()}",
            "--gateway-port", $"{RunningService.FreePort()}", "--http-port", $"{RunningService.FreePort()}", .. args], environment, settingsDirectories);
}

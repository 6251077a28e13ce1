using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Service.Dashboard;

/// <summary><c>serve</c> reads the Orleans dashboard setting as <c>run</c> reads its settings: a value that is not a boolean stops it before it serves anything, naming where the value came from.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ServeOrleansDashboardSettingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Serve_OrleansDashboardFromEnvironmentNotABoolean_IsAUsageErrorNamingTheVariable()
    {
        var run = Serve(new Dictionary<string, string?> { ["DATAFLOW_ORLEANS_DASHBOARD"] = "maybe" }, settingsDirectories: []);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("DATAFLOW_ORLEANS_DASHBOARD must be true or false; got 'maybe'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("serving on", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_OrleansDashboardFromAppSettingsNotABoolean_IsAUsageErrorNamingTheKey()
    {
        _dir.Write("appsettings.json", """{ "Silo": { "OrleansDashboard": "sometimes" } }""");

        var run = Serve(environment: null, settingsDirectories: [_dir.Path]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Silo:OrleansDashboard in appsettings.json must be true or false; got 'sometimes'", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Deletes the silo's directory.</summary>
    public void Dispose() => _dir.Dispose();

    private CliRun Serve(IReadOnlyDictionary<string, string?>? environment, IReadOnlyList<string> settingsDirectories)
        => CliRun.Invoke(["serve", "--data", Path.Combine(_dir.Path, "data"), "--silo-port", $"{RunningService.FreePort()}",
            "--gateway-port", $"{RunningService.FreePort()}", "--http-port", $"{RunningService.FreePort()}"], environment, settingsDirectories);
}

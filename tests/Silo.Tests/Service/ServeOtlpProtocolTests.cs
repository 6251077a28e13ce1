using Orleans.Dataflow.Silo.Cli;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Service;

/// <summary><c>serve --otlp-protocol</c> takes OpenTelemetry's names, <c>grpc</c> and <c>http/protobuf</c>; anything else stops it before it serves, naming both.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ServeOtlpProtocolTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Serve_AnOtlpProtocolNotGrpcOrHttpProtobuf_IsAUsageErrorNamingBoth()
    {
        var run = CliRun.Invoke(["serve", "--data", Path.Combine(_dir.Path, "data"), "--silo-port", $"{RunningService.FreePort()}",
            "--gateway-port", $"{RunningService.FreePort()}", "--http-port", $"{RunningService.FreePort()}",
            "--otlp-endpoint", "http://127.0.0.1:4318", "--otlp-protocol", "http/json"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--otlp-protocol must be grpc or http/protobuf; got 'http/json'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("serving on", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Deletes the silo's directory.</summary>
    public void Dispose() => _dir.Dispose();
}

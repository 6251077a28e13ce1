using System.Text;
using OpenTelemetry.Exporter;
using Orleans.Dataflow.Client;
using Orleans.Dataflow.Grains.Observability;
using Orleans.Dataflow.Silo.Observability;
using Orleans.Dataflow.Silo.Tests.Service;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Observability;

/// <summary>A <c>serve</c> silo given an OTLP endpoint exports its control-path spans there: with <c>http/protobuf</c>, protobuf POSTed to <c>/v1/traces</c>, holding the submit, deploy, start and commit spans of the flow it ran.</summary>
public sealed class OtlpExportTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Traces_OfASubmittedFlow_ArePostedAsProtobufToV1Traces_WithTheControlPathsSpanNames()
    {
        using var dir = new TempDirectory();
        using var receiver = new OtlpHttpReceiver();
        var input = dir.Write("in.txt", "a b\nb c\nc d\n");
        var service = await RunningService.StartAsync(Path.Combine(dir.Path, "data"),
            configure: options => options with { OtlpEndpoint = receiver.Endpoint, OtlpProtocol = OtlpExportProtocol.HttpProtobuf });
        await using (service)
        {
            await service.Client.SubmitAsync(dir.Write("count.csx", ServiceScripts.Count), new SubmitOptions
            {
                Id = "otlp-traced",
                Arguments = new Dictionary<string, string> { ["input"] = input, ["output"] = Path.Combine(dir.Path, "out.txt") },
            }).WaitAsync(_noHang);
            await service.Client.WaitAsync("otlp-traced").WaitAsync(_noHang);
        }

        // Stopping the host flushed the exporter's batch.
        var requests = receiver.Requests;
        Assert.NotEmpty(requests);
        Assert.All(requests, request =>
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal(DataflowTelemetry.OtlpHttpTracesPath, request.Path);
            Assert.Equal("application/x-protobuf", request.ContentType);
        });
        // Protobuf keeps strings as their UTF-8 bytes: span names and tag values are readable in the body.
        var bodies = string.Concat(requests.Select(request => Encoding.UTF8.GetString(request.Body)));
        Assert.Contains("otlp-traced", bodies, StringComparison.Ordinal);
        Assert.All(
            [DataflowActivities.Submit, DataflowActivities.Deploy, DataflowActivities.Start, DataflowActivities.Commit],
            span => Assert.Contains(span, bodies, StringComparison.Ordinal));
    }
}

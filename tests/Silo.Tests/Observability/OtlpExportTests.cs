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
    private static readonly string[] _spans = [DataflowActivities.Submit, DataflowActivities.Deploy, DataflowActivities.Start, DataflowActivities.Commit];

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

            // The exporter sends its batch every few seconds while the silo runs. Waiting for it here rather than
            // relying on the flush at shutdown: on a loaded machine that flush could miss the host's stop timeout.
            await UntilReceived(receiver, _spans);
        }

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
        Assert.All(_spans, span => Assert.Contains(span, bodies, StringComparison.Ordinal));
    }

    /// <summary>Waits until the bodies <paramref name="receiver"/> took hold every one of <paramref name="spans"/>, or <see cref="_noHang"/> passes.</summary>
    private static async Task UntilReceived(OtlpHttpReceiver receiver, string[] spans)
    {
        var deadline = DateTime.UtcNow + _noHang;
        while (DateTime.UtcNow < deadline)
        {
            var bodies = string.Concat(receiver.Requests.Select(request => Encoding.UTF8.GetString(request.Body)));
            if (spans.All(span => bodies.Contains(span, StringComparison.Ordinal)))
            {
                return;
            }

            await Task.Delay(100);
        }
    }
}

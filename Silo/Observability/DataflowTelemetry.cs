using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Dataflow.Grains.Observability;

namespace Orleans.Dataflow.Silo.Observability;

/// <summary>What a silo with an HTTP port exports through OpenTelemetry: its metrics on <c>/metrics</c> for Prometheus, and its traces over OTLP when an endpoint is configured.</summary>
/// <remarks>
/// Metrics are the engine's meter (<see cref="DataflowMeters.MeterName"/>) and Orleans' own (<see cref="OrleansMeterName"/>,
/// the <c>orleans_*</c> series). Tracing is off by default: with no endpoint nothing listens to
/// <see cref="DataflowActivities.SourceName"/>, so no activity is even created.
/// </remarks>
public static class DataflowTelemetry
{
    /// <summary>The name of Orleans' meter: grain calls, activations, messaging, membership.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>The path Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The path OTLP/HTTP receivers take traces at, added to an <c>http/protobuf</c> endpoint given without a path.</summary>
    public const string OtlpHttpTracesPath = "/v1/traces";

    /// <summary>Adds OpenTelemetry metrics with the Prometheus exporter and, with <paramref name="otlpEndpoint"/>, tracing of the control path exported over OTLP.</summary>
    /// <remarks>
    /// <paramref name="otlpProtocol"/> is gRPC by default (an endpoint such as <c>http://127.0.0.1:4317</c>); with
    /// <see cref="OtlpExportProtocol.HttpProtobuf"/> the exporter POSTs protobuf to the endpoint, and an endpoint without
    /// a path (<c>http://127.0.0.1:4318</c>) gets <see cref="OtlpHttpTracesPath"/>, as the OTLP exporter's own
    /// configuration by environment does. Spans are exported in batches, and the rest when the host stops.
    /// </remarks>
    public static IHostApplicationBuilder AddDataflowTelemetry(this IHostApplicationBuilder builder, Uri? otlpEndpoint = null, OtlpExportProtocol otlpProtocol = OtlpExportProtocol.Grpc)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(DataflowMeters.MeterName, OrleansMeterName).AddPrometheusExporter());
        if (otlpEndpoint is not null)
        {
            var endpoint = otlpProtocol == OtlpExportProtocol.HttpProtobuf && otlpEndpoint.AbsolutePath == "/" ? new Uri(otlpEndpoint, OtlpHttpTracesPath) : otlpEndpoint;
            telemetry.WithTracing(tracing => tracing.AddSource(DataflowActivities.SourceName).AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = endpoint;
                otlp.Protocol = otlpProtocol;
            }));
        }

        return builder;
    }

    /// <summary>Serves the metrics in Prometheus' text format at <see cref="MetricsPath"/>; needs <see cref="AddDataflowTelemetry"/>.</summary>
    public static IEndpointConventionBuilder MapDataflowMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    /// <summary>Adds OpenTelemetry metrics with the Prometheus exporter and, with <paramref name="otlpEndpoint"/>, tracing of the control path exported over OTLP (gRPC, e.g. <c>http://127.0.0.1:4317</c>).</summary>
    public static IHostApplicationBuilder AddDataflowTelemetry(this IHostApplicationBuilder builder, Uri? otlpEndpoint = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(DataflowMeters.MeterName, OrleansMeterName).AddPrometheusExporter());
        if (otlpEndpoint is not null)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(DataflowActivities.SourceName).AddOtlpExporter(otlp => otlp.Endpoint = otlpEndpoint));
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

using OpenTelemetry.Metrics;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Grains.Observability;
using Orleans.Dataflow.Samples.AspNetHost;

var builder = WebApplication.CreateBuilder(args);
builder.UseOrleans(silo => silo.UseLocalhostClustering().AddDataflow());
builder.Services.AddSingleton<WordCounts>();
builder.Services.AddHostedService<WordCountService>();
// The engine's meter and Orleans' own, for Prometheus to scrape at /metrics.
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(DataflowMeters.MeterName, "Microsoft.Orleans").AddPrometheusExporter());

var app = builder.Build();
app.MapGet("/wordcount", (WordCounts counts) => counts.Report());
app.MapPrometheusScrapingEndpoint();
app.Run();

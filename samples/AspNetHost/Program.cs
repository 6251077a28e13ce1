using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Samples.AspNetHost;

var builder = WebApplication.CreateBuilder(args);
builder.UseOrleans(silo => silo.UseLocalhostClustering().AddDataflow());
builder.Services.AddSingleton<WordCounts>();
builder.Services.AddHostedService<WordCountService>();

var app = builder.Build();
app.MapGet("/wordcount", (WordCounts counts) => counts.Report());
app.Run();

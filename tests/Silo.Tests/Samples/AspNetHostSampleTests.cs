using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Orleans.Dataflow.Samples.AspNetHost;
using Orleans.Dataflow.Silo.Tests.Service;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Samples;

/// <summary>The ASP.NET Core sample (samples/AspNetHost) is its own dataflow silo: started as a test starts a web app, it runs its word count and serves the counts at <c>GET /wordcount</c>.</summary>
public sealed partial class AspNetHostSampleTests
{
    private static readonly TimeSpan _flowTimeout = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task AspNetHost_InputFromConfiguration_ServesExactlyThatFilesCountsOnceTheFlowCompletes()
    {
        using var dir = new TempDirectory();
        var input = dir.Write("tiny.txt", "The cat, the HAT;\n\nthe end-of-line\r\nCafé café\n");

        var (report, _) = await RunSample(input);

        Assert.Equal("completed", report.Status);
        Assert.Null(report.Error);
        Assert.Equal(
            new Dictionary<string, long> { ["café"] = 2, ["cat"] = 1, ["end"] = 1, ["hat"] = 1, ["line"] = 1, ["of"] = 1, ["the"] = 3 },
            report.Counts);
    }

    [Fact]
    public async Task AspNetHost_AsShipped_ServesTheCountsOfTheSampleText()
    {
        var text = File.ReadAllText(RepositoryPaths.Combine("samples", "data", "wordcount.txt"));
        var expected = Word().Matches(text.ToLowerInvariant())
            .GroupBy(m => m.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);

        var (report, _) = await RunSample(input: null);

        Assert.Equal("completed", report.Status);
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), report.Counts.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task AspNetHost_Metrics_ServesOrleansOwnMetersInPrometheusFormat()
    {
        var (_, metrics) = await RunSample(input: null);

        Assert.Contains("# TYPE orleans_", metrics, StringComparison.Ordinal);
    }

    /// <summary>Starts the sample (its input <paramref name="input"/>, or its appsettings.json's when null), polls its endpoint until the flow has ended, and reads its <c>/metrics</c> then.</summary>
    private static async Task<(WordCountReport Report, string Metrics)> RunSample(string? input)
    {
        // global::: in this namespace, Program is the Silo's own entry point.
        await using var factory = new WebApplicationFactory<global::Program>();
        await using var sample = factory.WithWebHostBuilder(web =>
        {
            if (input is not null)
            {
                web.UseSetting("WordCount:Input", input);
            }

            // The sample's silo takes Orleans' default ports (11111, gateway 30000): a free one here, and no gateway, so tests never collide.
            web.ConfigureServices(services => services.AddOrleans(silo => silo.UseLocalhostClustering(RunningService.FreePort(), gatewayPort: 0)));
        });
        using var http = sample.CreateClient();
        using var timeout = new CancellationTokenSource(_flowTimeout);
        while (true)
        {
            var report = await http.GetFromJsonAsync<WordCountReport>("/wordcount", timeout.Token);
            if (report!.Status != "running")
            {
                return (report, await http.GetStringAsync("/metrics", timeout.Token));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}

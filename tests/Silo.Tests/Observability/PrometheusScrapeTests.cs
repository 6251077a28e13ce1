using System.Net.Http.Json;
using Orleans.Dataflow.Silo.Tests.Service;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Observability;

/// <summary>A real Prometheus server scraping a <c>serve</c> silo's <c>/metrics</c> sees the flows it runs and Orleans' own meters.</summary>
public sealed class PrometheusScrapeTests
{
    /// <summary>How long the test waits for Prometheus to have scraped the running flow twice: a bound against hanging, not a timing it checks.</summary>
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task RecordsOutRate_ASiloRunningAFlow_IsNonZeroInPrometheus_LabelledWithTheFlowId_BesideOrleansOwnSeries()
    {
        using var dir = new TempDirectory();
        var input = dir.Write("in.txt", string.Join('\n', Enumerable.Range(0, 100_000).Select(i => $"line {i}")) + "\n");
        await using var service = await RunningService.StartAsync(Path.Combine(dir.Path, "data"));
        using var prometheus = new PrometheusServer($"127.0.0.1:{service.Options.HttpPort}");
        using var submitted = await service.Http.PostAsJsonAsync("flows", new
        {
            id = "scraped",
            fileName = "copy.csx",
            content = ServiceScripts.SlowCopy,
            snapshotIntervalSeconds = 0.5,
            args = new Dictionary<string, string> { ["input"] = input, ["output"] = Path.Combine(dir.Path, "out.txt") },
        });
        submitted.EnsureSuccessStatusCode();

        // A 30 s range: on a loaded machine scrapes come late, and rate() over a range that holds fewer than two is empty.
        var rate = await Until(prometheus, "sum by (flow) (rate(dataflow_step_records_out_total{step=\"out\"}[30s]))", series => series.Labels.GetValueOrDefault("flow") == "copy" && series.Value > 0);
        var orleans = await Until(prometheus, "count({__name__=~\"orleans_.+\"})", series => series.Value > 0);
        using var stopped = await service.Http.PostAsync("flows/scraped/stop", null);

        Assert.Equal("copy", rate.Labels["flow"]);
        Assert.True(rate.Value > 0, $"records-out rate {rate.Value}");
        Assert.True(orleans.Value > 0, "no orleans_* series");
    }

    /// <summary>Queries <paramref name="promql"/> until a series matches <paramref name="wanted"/>, and returns it; fails with the last answer and the target's health when none does in time.</summary>
    private static async Task<(IReadOnlyDictionary<string, string> Labels, double Value)> Until(PrometheusServer prometheus, string promql,
        Func<(IReadOnlyDictionary<string, string> Labels, double Value), bool> wanted)
    {
        var deadline = DateTime.UtcNow + _noHang;
        IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)> answer = [];
        while (DateTime.UtcNow < deadline)
        {
            answer = await prometheus.QueryAsync(promql);
            foreach (var series in answer)
            {
                if (wanted(series))
                {
                    return series;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        var last = answer.Count == 0 ? "nothing" : string.Join("; ", answer.Select(series => $"{{{string.Join(", ", series.Labels.Select(label => $"{label.Key}={label.Value}"))}}} {series.Value}"));
        throw new TimeoutException($"no series of '{promql}' was as wanted within {_noHang.TotalSeconds:0} s; the last answer: {last}; the target: {await prometheus.TargetHealthAsync()}");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Dataflow.Silo.Tests.Service;

namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>A private Prometheus server (Debian's <c>prometheus</c> package) on 127.0.0.1 and a free port, scraping one target every second, its storage in a temp directory removed on dispose.</summary>
public sealed class PrometheusServer : IDisposable
{
    /// <summary>Where Debian's prometheus package puts the server.</summary>
    public const string Binary = "/usr/bin/prometheus";

    private readonly TempDirectory _dir = new();
    private readonly Process _process;
    private readonly HttpClient _http;

    /// <summary>Starts a server scraping <c>http://{target}/metrics</c>; throws (failing the test) when Prometheus is not installed.</summary>
    /// <param name="target">The <c>host:port</c> to scrape.</param>
    public PrometheusServer(string target)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException(
                $"Prometheus is not installed ({Binary} is missing). Run the tests with the README's test command, `bash scripts/test.sh`, which installs prometheus.");
        }

        Port = RunningService.FreePort();
        var config = _dir.Write("prometheus.yml", $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: dataflow
                metrics_path: /metrics
                static_configs:
                  - targets: ['{target}']
            """);
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_dir.Path, "data")}", $"--web.listen-address=127.0.0.1:{Port}" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        // Its log is not read: drained so that a full pipe never blocks it.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}/") };
    }

    /// <summary>The port of its HTTP API, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Evaluates the instant query <paramref name="promql"/> now: each series' labels and value; empty when nothing matches or the server is not answering yet.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        JsonElement answer;
        try
        {
            answer = await _http.GetFromJsonAsync<JsonElement>($"api/v1/query?query={Uri.EscapeDataString(promql)}");
        }
        catch (HttpRequestException)
        {
            return [];
        }

        return [.. answer.GetProperty("data").GetProperty("result").EnumerateArray().Select(series => (
            (IReadOnlyDictionary<string, string>)series.GetProperty("metric").EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString()!),
            double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    public void Dispose()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        _dir.Dispose();
    }
}

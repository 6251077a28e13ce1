using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Dataflow.Silo.Tests.Service;

namespace Orleans.Dataflow.Silo.Tests.TestSupport;

/// <summary>A private Prometheus server (Debian's <c>prometheus</c> package) on 127.0.0.1 and a free port, scraping one target every <see cref="ScrapeInterval"/>, its storage in a temp directory removed on dispose.</summary>
public sealed class PrometheusServer : IDisposable
{
    /// <summary>Where Debian's prometheus package puts the server.</summary>
    public const string Binary = "/usr/bin/prometheus";

    /// <summary>How many ports the server is started on before the test fails: the port it is given was free when picked, but a process of another test may take it before Prometheus binds it.</summary>
    private const int StartAttempts = 3;

    /// <summary>How often the target is scraped, and how long a scrape may take: a scrape slower than its interval fails, and a silo in a test process that runs other tests' silos beside it may answer <c>/metrics</c> in seconds.</summary>
    public static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(3);

    /// <summary>How long a start may take before the server counts as not starting.</summary>
    private static readonly TimeSpan _readyWait = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _dir = new();
    private readonly System.Text.StringBuilder _log = new();
    private readonly Process _process;
    private readonly HttpClient _http;

    /// <summary>Starts a server scraping <c>http://{target}/metrics</c> and waits until it is ready; throws (failing the test) when Prometheus is not installed or does not start.</summary>
    /// <param name="target">The <c>host:port</c> to scrape.</param>
    public PrometheusServer(string target)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException(
                $"Prometheus is not installed ({Binary} is missing). Run the tests with the README's test command, `bash scripts/test.sh`, which installs prometheus.");
        }

        var config = _dir.Write("prometheus.yml", $"""
            global:
              scrape_interval: {ScrapeInterval.TotalSeconds}s
              scrape_timeout: {ScrapeInterval.TotalSeconds}s
              evaluation_interval: {ScrapeInterval.TotalSeconds}s
            scrape_configs:
              - job_name: dataflow
                metrics_path: /metrics
                static_configs:
                  - targets: ['{target}']
            """);
        for (var attempt = 1; ; attempt++)
        {
            Port = RunningService.FreePort();
            _process = Start(config, Port);
            _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}/") };
            if (WaitUntilReady())
            {
                return;
            }

            _http.Dispose();
            Stop();
            if (attempt == StartAttempts)
            {
                lock (_log)
                {
                    throw new InvalidOperationException($"Prometheus did not start on {StartAttempts} free ports; its log:\n{_log}");
                }
            }
        }
    }

    /// <summary>The port of its HTTP API, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Evaluates the instant query <paramref name="promql"/> now: each series' labels and value; empty when nothing matches or the server does not answer; an error once it has exited.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        JsonElement answer;
        try
        {
            answer = await _http.GetFromJsonAsync<JsonElement>($"api/v1/query?query={Uri.EscapeDataString(promql)}");
        }
        catch (HttpRequestException) when (!_process.HasExited)
        {
            return [];
        }

        return [.. answer.GetProperty("data").GetProperty("result").EnumerateArray().Select(series => (
            (IReadOnlyDictionary<string, string>)series.GetProperty("metric").EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString()!),
            double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>How the scrapes of the target went, on one line (health, last error, last scrape's duration), or why that could not be asked: for a test's failure message.</summary>
    public async Task<string> TargetHealthAsync()
    {
        try
        {
            var answer = await _http.GetFromJsonAsync<JsonElement>("api/v1/targets");
            var targets = answer.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
                .Select(target => $"{target.GetProperty("scrapeUrl").GetString()}: {target.GetProperty("health").GetString()}, last scrape {target.GetProperty("lastScrapeDuration").GetDouble():0.###} s, "
                    + $"last error '{target.GetProperty("lastError").GetString()}'");
            return string.Join("; ", targets);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"the targets could not be asked: {e.Message}";
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        Stop();
        _dir.Dispose();
    }

    private Process Start(string config, int port)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_dir.Path, "data")}", $"--web.listen-address=127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        // Drained so that a full pipe never blocks it; kept for the error when it does not start.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (_log)
            {
                _log.AppendLine(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits until the server says it is ready; false when it exits first (its port was taken, say) or takes longer than <see cref="_readyWait"/>.</summary>
    private bool WaitUntilReady()
    {
        var deadline = DateTime.UtcNow + _readyWait;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var ready = _http.GetAsync("-/ready").GetAwaiter().GetResult();
                if (ready.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Thread.Sleep(100);
        }

        return false;
    }

    private void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}

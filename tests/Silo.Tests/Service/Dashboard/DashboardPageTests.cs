using System.Globalization;
using Microsoft.Playwright;
using Orleans.Dataflow.Client;
using Orleans.Dataflow.Silo.Tests.TestSupport;
using Xunit.Abstractions;

namespace Orleans.Dataflow.Silo.Tests.Service.Dashboard;

/// <summary>The live dashboard at <c>/</c>, opened in a real browser: it draws a running flow's graph, its counters rise while the flow reads — a step between input and output too — with its state's snapshot bytes and its backpressure, a failed flow shows its last error, and a silo with a token asks for it before showing anything.</summary>
public sealed class DashboardPageTests(DashboardPageTests.Service service, ITestOutputHelper output) : IClassFixture<DashboardPageTests.Service>
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(120);

    private static readonly LocatorAssertionsToHaveCountOptions _countDeadline = new() { Timeout = (float)_noHang.TotalMilliseconds };

    private static readonly LocatorAssertionsToContainTextOptions _textDeadline = new() { Timeout = (float)_noHang.TotalMilliseconds };

    [Fact]
    public async Task Page_WhileAFlowRuns_DrawsEveryStepOfItsGraph_AndItsRecordCountersIncrease_AtEveryStep()
    {
        // 1 ms a line on each of two partitions: minutes of input, stopped once the page has been read.
        var lines = Enumerable.Range(0, 200_000).Select(i => $"k{i % 40} {i}");
        var input = service.Dir.Write("slow-in.txt", string.Join('\n', lines) + "\n");
        var script = service.Dir.Write("slowcount.csx", ServiceScripts.SlowCount);
        var client = service.Running.Client;
        await client.SubmitAsync(script, new SubmitOptions
        {
            Workers = 2,
            EpochInterval = TimeSpan.FromSeconds(0.5),
            Arguments = new Dictionary<string, string> { ["input"] = input, ["output"] = Path.Combine(service.Dir.Path, "slow-out.txt") },
        }).WaitAsync(_noHang);
        try
        {
            var page = await service.Browser.NewPageAsync();
            await page.GotoAsync(service.Url + "#flow=slowcount");
            var nodes = page.Locator("#graph g.node");
            await Assertions.Expect(nodes).ToHaveCountAsync(6, _countDeadline);
            var drawn = await nodes.EvaluateAllAsync<string[]>("nodes => nodes.map(node => node.querySelector('text.id').textContent)");

            var read = page.Locator("#graph g.node[data-step='read']");
            var firstRead = await UntilAbove(() => read.GetAttributeAsync("data-count"), 0);
            var laterRead = await UntilAbove(() => read.GetAttributeAsync("data-count"), firstRead);
            var firstIn = await UntilAbove(() => page.Locator("#flow-records-in").GetAttributeAsync("data-value"), 0);
            var laterIn = await UntilAbove(() => page.Locator("#flow-records-in").GetAttributeAsync("data-value"), firstIn);
            var rateIn = await UntilAbove(() => page.Locator("#flow-rate-in").GetAttributeAsync("data-value"), 0);
            // A step between input and output: its records in, per batch, rise on the graph with a rate.
            var slow = page.Locator("#graph g.node[data-step='slow']");
            var firstSlow = await UntilAbove(() => slow.GetAttributeAsync("data-count"), 0);
            var laterSlow = await UntilAbove(() => slow.GetAttributeAsync("data-count"), firstSlow);
            var rateSlow = await UntilAbove(() => slow.GetAttributeAsync("data-rate"), 0);
            var snapshotBytes = await UntilAbove(() => page.Locator("#state tr[data-step='count.sum'] td.snapshot").GetAttributeAsync("data-value"), 0);
            await Assertions.Expect(page.Locator("#graph g.node[data-step='count.sum'] text.state")).ToContainTextAsync(" keys · ", _textDeadline);
            var backpressure = await page.Locator("#flow-backpressure").GetAttributeAsync("data-value");
            await Assertions.Expect(page.Locator("#state tr[data-step='count.sum']")).ToHaveCountAsync(1, _countDeadline);
            await Assertions.Expect(page.Locator("#partitions tbody tr")).ToHaveCountAsync(2, _countDeadline);
            await Assertions.Expect(page.Locator("#flow-status")).ToContainTextAsync("running", _textDeadline);
            var screenshot = Path.Combine(AppContext.BaseDirectory, "dashboard.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            output.WriteLine($"screenshot: {screenshot}");

            Assert.Equal(["read", "slow", "count.key", "count.sum", "format", "out"], drawn);
            Assert.True(laterRead > firstRead, $"the read step's count did not rise from {firstRead}");
            Assert.True(laterIn > firstIn, $"the flow's records in did not rise from {firstIn}");
            Assert.True(rateIn > 0, "no records/s shown");
            Assert.True(laterSlow > firstSlow, $"the middle step's count did not rise from {firstSlow}");
            Assert.True(rateSlow > 0, "no records/s shown for the middle step");
            Assert.True(snapshotBytes > 0, "no snapshot bytes shown for the stateful step");
            Assert.True(double.TryParse(backpressure, NumberStyles.Float, CultureInfo.InvariantCulture, out var waited) && waited >= 0, $"backpressure shows '{backpressure}'");
        }
        finally
        {
            await client.StopAsync("slowcount");
            await client.WaitAsync("slowcount").WaitAsync(_noHang);
        }
    }

    [Fact]
    public async Task Page_OfAFailedFlow_ShowsItsLastError()
    {
        var input = service.Dir.Write("poison-in.txt", "a\nb\n");
        var script = service.Dir.Write("poison.csx", """
            var flow = new Dataflow("poison");
            flow.Input("read", new FileSource(Args["input"]))
                .Map("parse", line => line == "b" ? throw new FormatException("cannot parse b") : ("all", line))
                .Output("out", new FileSink(Args["output"]));
            flow
            """);
        var client = service.Running.Client;
        await client.SubmitAsync(script, new SubmitOptions
        {
            MaxRestarts = 0,
            Arguments = new Dictionary<string, string> { ["input"] = input, ["output"] = Path.Combine(service.Dir.Path, "poison-out.txt") },
        }).WaitAsync(_noHang);
        await client.WaitAsync("poison").WaitAsync(_noHang);

        var page = await service.Browser.NewPageAsync();
        await page.GotoAsync(service.Url + "#flow=poison");

        await Assertions.Expect(page.Locator("#flow-status")).ToContainTextAsync("failed", _textDeadline);
        await Assertions.Expect(page.Locator("#flow-error")).ToContainTextAsync("step 'poison.parse' failed", _textDeadline);
        await Assertions.Expect(page.Locator("#flow-error")).ToContainTextAsync("cannot parse b", _textDeadline);
        await Assertions.Expect(page.Locator("#flows tr[data-flow='poison'] .status")).ToContainTextAsync("failed", _textDeadline);
    }

    [Fact]
    public async Task Page_OfASiloWithAToken_AsksForIt_AndShowsTheFlowsOnceItIsGiven()
    {
        using var dir = new TempDirectory();
        await using var secured = await RunningService.StartAsync(Path.Combine(dir.Path, "data"), token: "s3cret");
        var input = dir.Write("in.txt", "a b\nb c\n");
        await secured.Client.SubmitAsync(dir.Write("count.csx", ServiceScripts.Count), new SubmitOptions
        {
            Arguments = new Dictionary<string, string> { ["input"] = input, ["output"] = Path.Combine(dir.Path, "out.txt") },
        }).WaitAsync(_noHang);
        await secured.Client.WaitAsync("count").WaitAsync(_noHang);

        var page = await service.Browser.NewPageAsync();
        await page.GotoAsync($"http://127.0.0.1:{secured.Options.HttpPort}/");
        await Assertions.Expect(page.Locator("#token-form")).ToBeVisibleAsync(new() { Timeout = (float)_noHang.TotalMilliseconds });
        var listedBefore = await page.Locator("#flows tbody tr").CountAsync();
        await page.Locator("#token").FillAsync("s3cret");
        await page.Locator("#token-form button").ClickAsync();

        await Assertions.Expect(page.Locator("#flows tr[data-flow='count']")).ToHaveCountAsync(1, _countDeadline);
        await Assertions.Expect(page.Locator("#graph g.node")).ToHaveCountAsync(6, _countDeadline);
        await Assertions.Expect(page.Locator("#token-form")).ToBeHiddenAsync();
        Assert.Equal(0, listedBefore);
    }

    /// <summary>Reads a number the page shows until it exceeds <paramref name="floor"/>, as the page updates about once a second; fails after a generous deadline.</summary>
    private static async Task<double> UntilAbove(Func<Task<string?>> read, double floor)
    {
        var deadline = DateTimeOffset.UtcNow + _noHang;
        while (true)
        {
            var text = await read();
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > floor)
            {
                return value;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"the page's value stayed at '{text}', not above {floor}, for {_noHang}");
            await Task.Delay(200);
        }
    }

    /// <summary>One <c>serve</c> silo and one browser for the class.</summary>
    public sealed class Service : IAsyncLifetime
    {
        /// <summary>The silo's directory and the tests' files.</summary>
        internal TempDirectory Dir { get; } = new();

        /// <summary>The silo.</summary>
        internal RunningService Running { get; private set; } = null!;

        /// <summary>The browser.</summary>
        internal Chromium Browser { get; private set; } = null!;

        /// <summary>The dashboard's address.</summary>
        internal string Url => $"http://127.0.0.1:{Running.Options.HttpPort}/";

        /// <summary>Starts the silo and the browser.</summary>
        public async Task InitializeAsync()
        {
            Running = await RunningService.StartAsync(Path.Combine(Dir.Path, "data"));
            Browser = await Chromium.LaunchAsync();
        }

        /// <summary>Closes the browser and stops the silo.</summary>
        public async Task DisposeAsync()
        {
            await Browser.DisposeAsync();
            await Running.DisposeAsync();
            Dir.Dispose();
        }
    }
}

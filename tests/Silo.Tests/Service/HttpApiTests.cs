using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Dataflow.Silo.Service.Http;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Service;

/// <summary>The HTTP API of a <c>serve</c> silo does what the client does, as JSON: flows are submitted, listed, shown, stopped and deleted by id, errors are problem details naming what is wrong, and a configured token keeps out every request without it.</summary>
public sealed class HttpApiTests(HttpApiTests.Service service) : IClassFixture<HttpApiTests.Service>
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(120);

    private HttpClient Http => service.Running.Http;

    private TempDirectory Dir => service.Dir;

    [Fact]
    public async Task PostFlows_AScript_Is201WithTheFlowAndItsLocation_RunsToCompletion_AndGetFlowsListsItWithItsRecordTotals_AndEveryStepsRecordsInAndOut_AndItsGraphIsServed()
    {
        var lines = Enumerable.Range(0, 500).Select(i => $"w{i % 7} w{i % 3}").ToArray();
        var input = Dir.Write("words-in.txt", string.Join('\n', lines) + "\n");
        var output = Path.Combine(Dir.Path, "words-out.txt");

        using var response = await Http.PostAsJsonAsync("flows", Submit("words", "count.csx", ServiceScripts.Count, input, output)).WaitAsync(_noHang);
        var created = await response.Content.ReadFromJsonAsync<FlowDetails>();
        var completed = await UntilEnded("words");
        var listed = await Http.GetFromJsonAsync<FlowSummary[]>("flows");
        var graph = await Http.GetFromJsonAsync<Orleans.Dataflow.Plan.FlowGraph>("flows/words/graph");
        var mermaid = await Http.GetStringAsync("flows/words/graph?format=mermaid");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/flows/words", response.Headers.Location?.OriginalString);
        Assert.Equal("count", created!.FlowId);
        Assert.Equal("count.csx", created.Origin);
        Assert.Contains("count.sum (stateful)", created.Steps);
        Assert.Equal("completed", completed.Status);
        Assert.Null(completed.Error);
        var expected = lines.SelectMany(l => l.Split(' ')).GroupBy(w => w).Select(g => $"{g.Key}\t{g.Count()}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, File.ReadAllLines(output).Order(StringComparer.Ordinal));
        var summary = Assert.Single(listed!, flow => flow.Id == "words");
        Assert.Equal("completed", summary.Status);
        Assert.Equal("count", summary.FlowId);
        Assert.Equal(created.Execution, summary.Execution);
        Assert.Equal(lines.Length, summary.RecordsIn);
        Assert.Equal(File.ReadAllLines(output).Length, summary.RecordsOut);
        Assert.True(summary.UptimeSeconds > 0, "no uptime");
        var partition = Assert.Single(completed.PartitionProgress);
        Assert.False(string.IsNullOrEmpty(partition.Silo));
        Assert.Equal("ended", partition.State);
        Assert.Equal(lines.Length, partition.RecordsIn);
        Assert.Contains(partition.Steps, step => step is { Step: "count.sum", Kind: "keys" });
        Assert.Contains(partition.Steps, step => step is { Step: "read", Kind: "read", Count: 500 });
        Assert.Contains(partition.Steps, step => step is { Step: "words", Kind: "in", Count: 500 });
        Assert.Contains(partition.Steps, step => step is { Step: "words", Kind: "out", Count: 1000 });
        Assert.Contains(partition.Steps, step => step is { Step: "count.sum", Kind: "snapshot_bytes" });
        Assert.Contains(partition.Steps, step => step is { Step: "out", Kind: "written" } && step.Count == lines.SelectMany(l => l.Split(' ')).Distinct().Count());
        Assert.True(partition.BackpressureSeconds >= 0, "no backpressure time");
        Assert.Equal(["read", "words", "count.key", "count.sum", "format", "out"], graph!.Steps.Select(step => step.Id));
        Assert.StartsWith("flowchart TD\n", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostFlows_AScriptWithTheFilesItLoads_RunsWithThem_AndAFileOutsideItsDirectoryIs400()
    {
        var input = Dir.Write("loading-in.txt", "b a\na\n");
        var output = Path.Combine(Dir.Path, "loading-out.txt");
        var words = new { path = "lib/words.csx", content = "static string[] Words(string line) => line.Split(' ');\n" };
        var args = new Dictionary<string, string> { ["input"] = input, ["output"] = output };

        using var refused = await Http.PostAsJsonAsync("flows", new { fileName = "loading.csx", content = ServiceScripts.Loading, args, files = new[] { words with { path = "../words.csx" } } }).WaitAsync(_noHang);
        var problem = await Problem(refused);
        using var created = await Http.PostAsJsonAsync("flows", new { fileName = "loading.csx", content = ServiceScripts.Loading, args, files = new[] { words } }).WaitAsync(_noHang);
        var ended = await UntilEnded("loading");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("'../words.csx' is not a path under the script's directory", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("completed", ended.Status);
        Assert.Equal(["a 2", "b 1"], File.ReadAllLines(output).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PostFlows_AScriptThatDoesNotCompile_Is400ProblemNamingFileLineAndColumn_AndRecordsNoFlow()
    {
        var broken = "var flow = new Dataflow(\"broken\");\nflow.Input(\"in\", new TestingSource<int>([1])).Map(\"m\", x => x.NoSuchMember()).Output(\"out\", new StdOutSink<int>());\nflow\n";

        using var response = await Http.PostAsJsonAsync("flows", new { fileName = "broken.csx", content = broken }).WaitAsync(_noHang);
        var problem = await Problem(response);
        using var status = await Http.GetAsync("flows/broken");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("broken.csx:2:", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("NoSuchMember", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task PostFlows_UnderAnIdThatExists_Is409ProblemNamingTheId()
    {
        var input = Dir.Write("taken-in.txt", "a b\n");
        var request = Submit("taken", "count.csx", ServiceScripts.Count, input, Path.Combine(Dir.Path, "taken-out.txt"));
        using var first = await Http.PostAsJsonAsync("flows", request).WaitAsync(_noHang);
        var firstBody = await first.Content.ReadAsStringAsync();

        using var second = await Http.PostAsJsonAsync("flows", request).WaitAsync(_noHang);
        var problem = await Problem(second);

        Assert.True(first.StatusCode == HttpStatusCode.Created, $"the first submit answered {(int)first.StatusCode}: {firstBody}");
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("'taken'", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../up", "flow id '../up' is not valid")]
    [InlineData("no-content", "exactly one of content")]
    public async Task PostFlows_AnInvalidIdOrNoCode_Is400ProblemSayingWhy(string id, string why)
    {
        using var response = await Http.PostAsJsonAsync("flows", new { id, fileName = "count.csx", content = id == "no-content" ? null : ServiceScripts.Count }).WaitAsync(_noHang);
        var problem = await Problem(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(why, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostFlows_ABodyThatIsNotJson_Is400Problem()
    {
        using var response = await Http.PostAsync("flows", new StringContent("{\"fileName\": 3", System.Text.Encoding.UTF8, "application/json")).WaitAsync(_noHang);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownId_Is404ProblemNamingIt_OnGetStopAndDelete()
    {
        using var get = await Http.GetAsync("flows/nobody").WaitAsync(_noHang);
        using var stop = await Http.PostAsync("flows/nobody/stop", null).WaitAsync(_noHang);
        using var delete = await Http.DeleteAsync("flows/nobody").WaitAsync(_noHang);

        foreach (var response in new[] { get, stop, delete })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("'nobody'", (await Problem(response)).Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DeleteFlow_WhileItRuns_Is409ProblemSayingStopItFirst_AndAfterStopIs204AndTheFlowIsGone()
    {
        var input = Dir.Write("slow-in.txt", string.Join('\n', Enumerable.Range(0, 100_000).Select(i => $"line {i}")) + "\n");
        using var submitted = await Http.PostAsJsonAsync("flows", Submit("slow", "copy.csx", ServiceScripts.SlowCopy, input, Path.Combine(Dir.Path, "slow-out.txt"))).WaitAsync(_noHang);

        using var refused = await Http.DeleteAsync("flows/slow").WaitAsync(_noHang);
        var problem = await Problem(refused);
        using var stop = await Http.PostAsync("flows/slow/stop", null).WaitAsync(_noHang);
        var stopped = await UntilEnded("slow");
        using var stopAgain = await Http.PostAsync("flows/slow/stop", null).WaitAsync(_noHang);
        using var deleted = await Http.DeleteAsync("flows/slow").WaitAsync(_noHang);
        using var gone = await Http.GetAsync("flows/slow").WaitAsync(_noHang);

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("stop it", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        Assert.Equal("stopped", stopped.Status);
        Assert.Equal("stopped", stopped.DesiredState);
        Assert.Equal(HttpStatusCode.OK, stopAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_IsServed_DescribingTheFlowsEndpoints()
    {
        using var response = await Http.GetAsync("openapi/v1.json").WaitAsync(_noHang);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/flows", out var flows), "no /flows in the document");
        Assert.True(flows.TryGetProperty("post", out _), "no POST /flows in the document");
        Assert.True(paths.TryGetProperty("/flows/{id}/stop", out _), "no /flows/{id}/stop in the document");
    }

    [Fact]
    public async Task TokenConfigured_ARequestWithoutIt_Is401AndSubmitsNothing_WhileOneWithItIsServed()
    {
        using var dir = new TempDirectory();
        await using var guarded = await RunningService.StartAsync(Path.Combine(dir.Path, "data"), token: "s3cret");
        var request = new { id = "sneaky", fileName = "count.csx", content = ServiceScripts.Count };

        using var without = await guarded.Http.PostAsJsonAsync("flows", request).WaitAsync(_noHang);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "flows") { Content = JsonContent.Create(request) };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "guess");
        using var wrongResponse = await guarded.Http.SendAsync(wrong).WaitAsync(_noHang);
        using var openApi = await guarded.Http.GetAsync("openapi/v1.json").WaitAsync(_noHang);
        using var list = new HttpRequestMessage(HttpMethod.Get, "flows");
        list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        using var listed = await guarded.Http.SendAsync(list).WaitAsync(_noHang);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, openApi.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Empty((await listed.Content.ReadFromJsonAsync<FlowSummary[]>())!);
        Assert.Empty(await guarded.Client.ListAsync());
    }

    private static object Submit(string id, string fileName, string script, string input, string output) => new
    {
        id,
        fileName,
        content = script,
        snapshotIntervalSeconds = 0.2,
        args = new Dictionary<string, string> { ["input"] = input, ["output"] = output },
    };

    /// <summary>Asks for flow <paramref name="id"/> until it has ended, and returns it then.</summary>
    private async Task<FlowDetails> UntilEnded(string id)
    {
        var deadline = DateTimeOffset.UtcNow + _noHang;
        while (true)
        {
            var flow = (await Http.GetFromJsonAsync<FlowDetails>($"flows/{id}"))!;
            if (flow.Status != "running" || DateTimeOffset.UtcNow > deadline)
            {
                return flow;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<ProblemBody> Problem(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<ProblemBody>())!;

    /// <summary>The fields of an RFC 7807 problem that the tests read.</summary>
    private sealed record ProblemBody(string? Title, int? Status, string Detail);

    /// <summary>One <c>serve</c> silo for the tests of this class, each on flows of its own ids.</summary>
    public sealed class Service : IAsyncLifetime
    {
        /// <summary>Where the tests write their inputs and outputs; the silo's data is in <c>data/</c> under it.</summary>
        internal TempDirectory Dir { get; } = new();

        /// <summary>The silo.</summary>
        internal RunningService Running { get; private set; } = null!;

        /// <inheritdoc/>
        public async Task InitializeAsync() => Running = await RunningService.StartAsync(Path.Combine(Dir.Path, "data"));

        /// <inheritdoc/>
        public async Task DisposeAsync()
        {
            await Running.DisposeAsync();
            Dir.Dispose();
        }
    }
}

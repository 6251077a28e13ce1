using System.Net;
using System.Net.Http.Headers;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Service.Dashboard;

/// <summary>What a silo's HTTP port serves besides the API: the dashboard's page and files from the Silo assembly, without the token that still guards the data, and Orleans' own dashboard at <c>/orleans</c> only when it is turned on.</summary>
public sealed class DashboardEndpointsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Root_OfASiloWithAToken_ServesThePageAndItsFilesWithoutIt_WhileTheFlowsStillNeedIt()
    {
        await using var service = await RunningService.StartAsync(Path.Combine(_dir.Path, "data"), token: "s3cret");

        using var page = await service.Http.GetAsync("");
        using var script = await service.Http.GetAsync("dashboard/dashboard.js");
        using var style = await service.Http.GetAsync("dashboard/dashboard.css");
        using var unknown = await service.Http.GetAsync("dashboard/secrets.json");
        using var flows = await service.Http.GetAsync("flows");
        using var orleans = await service.Http.GetAsync("orleans/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script src=\"dashboard/dashboard.js\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, style.StatusCode);
        Assert.Equal("text/css", style.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, flows.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, orleans.StatusCode);
    }

    [Fact]
    public async Task Orleans_WhenTurnedOn_ServesOrleansDashboardAndItsApi_BehindTheToken()
    {
        await using var service = await RunningService.StartAsync(Path.Combine(_dir.Path, "data"), token: "s3cret", orleansDashboard: true);
        service.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");

        using var page = await service.Http.GetAsync("orleans/");
        using var version = await service.Http.GetAsync("orleans/version");
        using var withoutToken = new HttpClient { BaseAddress = service.Http.BaseAddress };
        using var refused = await withoutToken.GetAsync("orleans/");
        using var dataflow = await service.Http.GetAsync("");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Contains("version", await version.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dataflow.StatusCode);
    }

    [Fact]
    public async Task Orleans_ByDefault_Is404()
    {
        await using var service = await RunningService.StartAsync(Path.Combine(_dir.Path, "data"));

        using var page = await service.Http.GetAsync("orleans/");
        using var version = await service.Http.GetAsync("orleans/version");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, version.StatusCode);
    }

    /// <summary>Deletes the silos' directory.</summary>
    public void Dispose() => _dir.Dispose();
}

using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Orleans.Dataflow.Silo.Service.Dashboard;

/// <summary>The live dashboard of a silo's HTTP host: a page at <c>/</c> that shows the flows, and for one flow its graph, rates, epochs, state keys and partitions, by polling the <c>/flows</c> API.</summary>
/// <remarks>
/// The page, its script and its style sheet are resources of the Silo assembly, so a published silo serves them
/// without a <c>wwwroot</c> beside it. They hold no data and are the same for everyone, so they are served without
/// the API's token (<see cref="Http.BearerToken"/> lets endpoints marked anonymous through); the page asks for the
/// token and sends it with each of its API calls.
/// </remarks>
public static class DashboardEndpoints
{
    /// <summary>The path under which the page's script and style sheet are served.</summary>
    public const string AssetPath = "/dashboard";

    private static readonly Assembly _assembly = typeof(DashboardEndpoints).Assembly;

    private static readonly IReadOnlyDictionary<string, string> _assets = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["dashboard.js"] = "text/javascript; charset=utf-8",
        ["dashboard.css"] = "text/css; charset=utf-8",
    };

    /// <summary>Maps the page at <c>/</c> and its files under <see cref="AssetPath"/> on <paramref name="endpoints"/>, which must also map the flow endpoints (<c>MapFlowEndpoints</c>) the page polls.</summary>
    public static IEndpointRouteBuilder MapDataflowDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/", () => Asset("index.html")).ExcludeFromDescription().AllowAnonymous();
        endpoints.MapGet(AssetPath + "/{file}", (string file) => _assets.ContainsKey(file) ? Asset(file) : Results.NotFound())
            .ExcludeFromDescription().AllowAnonymous();
        return endpoints;
    }

    private static IResult Asset(string file)
    {
        var stream = _assembly.GetManifestResourceStream($"Orleans.Dataflow.Silo.Service.Dashboard.{file}")
            ?? throw new InvalidOperationException($"the Silo assembly carries no dashboard file '{file}': it was built without Service/Dashboard/Assets");
        return Results.Stream(stream, _assets[file]);
    }
}

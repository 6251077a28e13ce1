using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Dataflow.Client;
using Orleans.Dataflow.Grains.Flows;

namespace Orleans.Dataflow.Silo.Service.Http;

/// <summary>The HTTP API of a <c>serve</c> silo: the client's operations on flows (submit, list, status, stop, delete) as JSON under <c>/flows</c>.</summary>
/// <remarks>
/// Every operation goes through a <see cref="DataflowClient"/> on the silo's own grain factory, so it does what the
/// client's command does. Errors are RFC 7807 problem details: 400 for code that does not compile (the diagnostics in
/// <c>detail</c>, each <c>file:line:column: error ...</c>) and for an invalid id or argument, 404 naming an unknown id,
/// 409 for an id that exists or a delete of a flow that still runs; 503 and 504 when the cluster cannot answer, and a
/// 500 naming any other error (<see cref="FlowProblems"/>), logged.
/// </remarks>
public static class FlowEndpoints
{
    /// <summary>Maps the flow endpoints under <c>/flows</c> on <paramref name="endpoints"/>.</summary>
    public static RouteGroupBuilder MapFlowEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var flows = endpoints.MapGroup("/flows").WithTags("Flows");
        flows.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var problem = FlowProblems.For(e);
                if (problem.StatusCode >= StatusCodes.Status500InternalServerError)
                {
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FlowEndpoints))
                        .LogError(e, "{Method} {Path} failed: {Title}", context.HttpContext.Request.Method, context.HttpContext.Request.Path, problem.ProblemDetails.Title);
                }

                return problem;
            }
        });
        flows.MapPost("/", Submit)
            .WithName("SubmitFlow").WithSummary("Submit a flow: a script's text or an assembly's bytes, compiled or loaded on every silo that runs it.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        flows.MapGet("/", List)
            .WithName("ListFlows").WithSummary("The submitted flows and where each is: state, execution, epochs, uptime, records in and out.");
        flows.MapGet("/{id}", Status)
            .WithName("GetFlow").WithSummary("A flow's deployment, status, how it ended, and its progress: each partition's silo, epochs, records and step counts.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        flows.MapGet("/{id}/graph", Graph)
            .WithName("GetFlowGraph").WithSummary("A flow's steps and the streams between them: JSON, or a Mermaid flowchart with ?format=mermaid.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        flows.MapPost("/{id}/stop", Stop)
            .WithName("StopFlow").WithSummary("Ask a flow to stop after its current epoch: 202 while it stops, 200 when it had ended already.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        flows.MapPost("/{id}/resume", Resume)
            .WithName("ResumeFlow").WithSummary("Run a flow that has ended (stopped, failed) again from its last committed epoch: 202.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        flows.MapDelete("/{id}", Delete)
            .WithName("DeleteFlow").WithSummary("Forget a flow that has ended; its recovery store stays on disk.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return flows;
    }

    private static async Task<Results<Created<FlowDetails>, ProblemHttpResult>> Submit(SubmitFlowRequest request, DataflowClient client)
    {
        if (string.IsNullOrEmpty(request.FileName))
        {
            return FlowProblems.BadRequest("the request names no fileName: give the code's file name, e.g. \"wordcount.csx\" or \"flows.dll\"");
        }

        if ((request.Content is null) == (request.ContentBase64 is null))
        {
            return FlowProblems.BadRequest("give the code as exactly one of content (a script's text) and contentBase64 (the file's bytes)");
        }

        if (request.SnapshotIntervalSeconds is { } seconds && !(double.IsFinite(seconds) && seconds is >= 0 and <= int.MaxValue))
        {
            return FlowProblems.BadRequest($"snapshotIntervalSeconds must be a number of seconds >= 0; got {seconds}");
        }

        byte[] content;
        try
        {
            content = request.Content is { } text ? Encoding.UTF8.GetBytes(text) : Convert.FromBase64String(request.ContentBase64!);
        }
        catch (FormatException)
        {
            return FlowProblems.BadRequest("contentBase64 is not base64");
        }

        var files = new List<FlowSourceFile>();
        foreach (var file in request.Files ?? [])
        {
            if (file.Path is not { } path || !FlowSourceFile.IsUnder(path))
            {
                return FlowProblems.BadRequest($"files: '{file.Path}' is not a path under the script's directory, e.g. \"lib/words.csx\" (/ between directories, no ..)");
            }

            if ((file.Content is null) == (file.ContentBase64 is null))
            {
                return FlowProblems.BadRequest($"files: give '{path}' as exactly one of content (its text) and contentBase64 (its bytes)");
            }

            try
            {
                files.Add(new FlowSourceFile(path, file.Content is { } fileText ? Encoding.UTF8.GetBytes(fileText) : Convert.FromBase64String(file.ContentBase64!)));
            }
            catch (FormatException)
            {
                return FlowProblems.BadRequest($"files: the contentBase64 of '{path}' is not base64");
            }
        }

        var options = new SubmitOptions
        {
            Id = request.Id,
            FlowName = request.Flow,
            Workers = request.Workers ?? 1,
            EpochInterval = TimeSpan.FromSeconds(request.SnapshotIntervalSeconds ?? 10),
            RecoveryStore = request.Recovery,
            NoRecovery = request.NoRecovery,
            MaxRestarts = request.MaxRestarts ?? new SubmitOptions().MaxRestarts,
            Arguments = new Dictionary<string, string>(request.Args ?? new Dictionary<string, string>(), StringComparer.Ordinal),
        };
        var id = options.Id ?? Path.GetFileNameWithoutExtension(request.FileName);
        var record = await client.SubmitAsync(request.FileName, content, files, options);
        return TypedResults.Created($"/flows/{Uri.EscapeDataString(id)}", FlowDetails.Of(id, record));
    }

    private static async Task<Ok<FlowSummary[]>> List(DataflowClient client)
        => TypedResults.Ok((await client.ListAsync()).Select(flow => FlowSummary.Of(flow.Id, flow.Record)).ToArray());

    private static async Task<IResult> Graph(string id, string? format, DataflowClient client)
    {
        var graph = await client.GraphAsync(id);
        return format switch
        {
            null or "json" => TypedResults.Ok(graph),
            "mermaid" => TypedResults.Text(graph.ToMermaid(), "text/plain"),
            _ => FlowProblems.BadRequest($"format must be json or mermaid; got '{format}'"),
        };
    }

    private static async Task<Accepted<FlowDetails>> Resume(string id, DataflowClient client)
    {
        await client.ResumeAsync(id);
        return TypedResults.Accepted($"/flows/{Uri.EscapeDataString(id)}", FlowDetails.Of(id, await client.StatusAsync(id)));
    }

    private static async Task<Ok<FlowDetails>> Status(string id, DataflowClient client)
        => TypedResults.Ok(FlowDetails.Of(id, await client.StatusAsync(id)));

    private static async Task<Results<Ok<FlowDetails>, Accepted<FlowDetails>>> Stop(string id, DataflowClient client)
    {
        var stopping = await client.StopAsync(id);
        var details = FlowDetails.Of(id, await client.StatusAsync(id));
        return stopping ? TypedResults.Accepted($"/flows/{Uri.EscapeDataString(id)}", details) : TypedResults.Ok(details);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, DataflowClient client)
    {
        try
        {
            await client.DeleteAsync(id);
        }
        catch (InvalidOperationException e) when (e is not FlowNotDeployedException)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "The flow is still running: stop it first.");
        }

        return TypedResults.NoContent();
    }
}

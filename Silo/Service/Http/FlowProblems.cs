using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Dataflow.Grains.Flows;

namespace Orleans.Dataflow.Silo.Service.Http;

/// <summary>The RFC 7807 problem a flow operation answers with when it fails: what went wrong, and whether asking again may help.</summary>
/// <remarks>
/// Errors of the request are 4xx. Errors of the cluster are 503 (the silo holding the flow is gone or refuses
/// messages; it comes back once the cluster declares it dead) and 504 (no answer in time: the operation may still
/// complete, so its caller looks at the flow's status before asking again). Anything else is a 500 naming the
/// error's type and message, never a bare status without a body.
/// </remarks>
internal static class FlowProblems
{
    /// <summary>The problem for <paramref name="error"/>, thrown by an operation on a flow.</summary>
    public static ProblemHttpResult For(Exception error) => error switch
    {
        FlowNotDeployedException => TypedResults.Problem(error.Message, statusCode: StatusCodes.Status404NotFound, title: "No such flow."),
        FlowExistsException => TypedResults.Problem(error.Message, statusCode: StatusCodes.Status409Conflict, title: "A flow has that id already."),
        FlowCodeException => TypedResults.Problem(error.Message, statusCode: StatusCodes.Status400BadRequest, title: "The flow's code does not compile or load."),
        ArgumentException => BadRequest(error.Message),
        _ => error.GetBaseException() switch
        {
            TimeoutException timeout => TypedResults.Problem(
                $"{timeout.Message} The operation may still complete: look at the flow's status before asking again.",
                statusCode: StatusCodes.Status504GatewayTimeout, title: "The cluster did not answer in time."),
            SiloUnavailableException or OrleansMessageRejectionException or Runtime.Messaging.ConnectionFailedException => TypedResults.Problem(
                $"{error.GetBaseException().Message} Ask again once the cluster has noticed the silo's loss (seconds).",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "The silo that holds the flow is unavailable."),
            var other => TypedResults.Problem($"{other.GetType().FullName}: {other.Message}",
                statusCode: StatusCodes.Status500InternalServerError, title: "The silo failed to carry out the request."),
        },
    };

    /// <summary>The problem for a request that is not valid, <paramref name="detail"/> saying why.</summary>
    public static ProblemHttpResult BadRequest(string detail)
        => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.");
}

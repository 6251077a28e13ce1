using Microsoft.AspNetCore.Http;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Silo.Service.Http;

namespace Orleans.Dataflow.Silo.Tests.Service.Http;

/// <summary>Every error of a flow operation answers with a problem that says what went wrong: the cluster's own errors are 503 and 504, anything unexpected a 500 naming it, never a bare status.</summary>
public sealed class FlowProblemsTests
{
    [Fact]
    public void For_ACallThatTimedOut_Is504SayingTheOperationMayStillComplete()
    {
        var problem = FlowProblems.For(new TimeoutException("Response did not arrive on time in 00:00:30 for message: Request IFlowGrain.Submit"));

        Assert.Equal(StatusCodes.Status504GatewayTimeout, problem.StatusCode);
        Assert.Equal("The cluster did not answer in time.", problem.ProblemDetails.Title);
        Assert.Contains("IFlowGrain.Submit", problem.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.Contains("may still complete", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void For_ASiloThatIsGone_Is503NamingWhy()
    {
        var problem = FlowProblems.For(new AggregateException(new SiloUnavailableException("silo S127.0.0.1:11112 is dead")));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.StatusCode);
        Assert.Equal("The silo that holds the flow is unavailable.", problem.ProblemDetails.Title);
        Assert.Contains("silo S127.0.0.1:11112 is dead", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void For_AnErrorTheApiDoesNotExpect_Is500NamingItsTypeAndMessage()
    {
        var problem = FlowProblems.For(new InvalidCastException("the record is not a FlowRecord"));

        Assert.Equal(StatusCodes.Status500InternalServerError, problem.StatusCode);
        Assert.Equal("System.InvalidCastException: the record is not a FlowRecord", problem.ProblemDetails.Detail);
    }

    [Fact]
    public void For_AnUnknownFlow_Is404NamingIt()
    {
        var problem = FlowProblems.For(new FlowNotDeployedException("orders"));

        Assert.Equal(StatusCodes.Status404NotFound, problem.StatusCode);
        Assert.Contains("orders", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }
}

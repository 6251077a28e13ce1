using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>Submitted deployments of code a test's <see cref="Grains.Hosting.IFlowSourceLoader"/> builds, and the wait for a flow grain's end, for tests of the flow grain on a cluster.</summary>
internal static class SubmittedFlows
{
    /// <summary>A submitted deployment of placeholder code (the test's loader ignores it) on two partitions with 50 ms epochs and no recovery store, under <paramref name="id"/>.</summary>
    public static FlowDeployment Deployment(string id)
    {
        var defaults = new ExecutionOptions();
        var settings = new FlowSettings(2, TimeSpan.FromMilliseconds(50), defaults.ExchangeBatchSize, defaults.KeyPartitionCount, RecoveryStore: null);
        return new FlowDeployment(FlowDefinition.Submitted(new FlowSource($"{id}.csx", [1, 2, 3])), settings, FlowDeployment.NewExecutionId(id));
    }

    /// <summary>Asks <paramref name="flow"/> for its end until it has one, within <paramref name="within"/>; an answer that comes after its response timeout is asked for again.</summary>
    public static async Task<ExecutionEnd> UntilEnded(IFlowGrain flow, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await flow.WaitForEnd(TimeSpan.FromMilliseconds(500)) is { } end)
                {
                    return end;
                }
            }
            catch (TimeoutException)
            {
            }
        }

        var record = await flow.Describe();
        throw new TimeoutException($"the flow did not end within {within.TotalSeconds} s: {record.Status}, {System.Text.Json.JsonSerializer.Serialize(record.Progress)}");
    }
}

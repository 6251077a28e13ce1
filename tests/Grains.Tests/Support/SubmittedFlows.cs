using Microsoft.Extensions.DependencyInjection;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Testing;
using Orleans.TestingHost;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>Submitted deployments of code a test's <see cref="Grains.Hosting.IFlowSourceLoader"/> builds, and the wait for a flow grain's end, for tests of the flow grain on a cluster.</summary>
internal static class SubmittedFlows
{
    /// <summary>A one-silo dataflow cluster, its client connected, whose silo loads submitted code with <paramref name="loader"/> and is configured further by <paramref name="configure"/> (a call filter, say).</summary>
    public static Task<InProcessTestCluster> OneSilo(IFlowSourceLoader loader, Action<ISiloBuilder> configure) => Silos(1, loader, configure);

    /// <summary>A dataflow cluster of <paramref name="count"/> silos, as <see cref="OneSilo"/> makes one: a deployment's partitions spread over them and exchange records by grain call.</summary>
    public static Task<InProcessTestCluster> Silos(short count, IFlowSourceLoader loader, Action<ISiloBuilder> configure)
        => DataflowTestSilos.StartAsync(count, silo =>
        {
            silo.Services.AddSingleton(loader);
            configure(silo);
        });

    /// <summary>0 up to <paramref name="count"/>, one every <paramref name="pause"/>: a source that outlasts what a test does meanwhile.</summary>
    public static IEnumerable<int> Slowly(int count, TimeSpan pause)
    {
        for (var i = 0; i < count; i++)
        {
            Thread.Sleep(pause);
            yield return i;
        }
    }

    /// <summary>Flow <paramref name="id"/>: doubles 0..99, read one every hundredth of <paramref name="runTime"/>, into <paramref name="written"/>.</summary>
    public static Dataflow SlowDoubling(string id, List<int> written, TimeSpan runTime)
    {
        var flow = new Dataflow(id);
        flow.Input("numbers", new TestingSource<int>(Slowly(100, runTime / 100)))
            .Map("double", x => x * 2)
            .Output("out", new TestingSink<int>(written));
        return flow;
    }

    /// <summary>A submitted deployment of placeholder code (the test's loader ignores it) on two partitions with 50 ms epochs and no recovery store, under <paramref name="id"/>.</summary>
    public static FlowDeployment Deployment(string id)
    {
        var defaults = new ExecutionOptions();
        var settings = new FlowSettings(2, TimeSpan.FromMilliseconds(50), defaults.ExchangeBatchSize, defaults.KeyPartitionCount, RecoveryStore: null);
        return new FlowDeployment(FlowDefinition.Submitted(new FlowSource($"{id}.csx", [1, 2, 3])), settings, FlowDeployment.NewExecutionId(id));
    }

    /// <summary><see cref="Deployment"/> marked recoverable, so that a lost frontier is started again: the test's loader gives the store itself.</summary>
    public static FlowDeployment RecoverableDeployment(string id)
    {
        var deployment = Deployment(id);
        return deployment with { Settings = deployment.Settings with { RecoveryStore = "the loader's (test)" } };
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

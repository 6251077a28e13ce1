using Microsoft.Extensions.DependencyInjection;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Testing;
using Orleans.TestingHost;

namespace Orleans.Dataflow.Grains.Tests.Flows;

/// <summary>A frontier on a live silo that answers a wait on its execution's end after the call's response timeout (a busy machine stalled it) is late, not lost: the flow runs on, where it once failed for a lost frontier.</summary>
public sealed class LateFrontierAnswerTests
{
    /// <summary>Longer than the five seconds a wait on a frontier's end may take.</summary>
    private static readonly TimeSpan _stall = TimeSpan.FromSeconds(6);

    /// <summary>How long the flow runs: past the stalled wait's timeout, so the flow grain learns of it while the execution runs.</summary>
    private static readonly TimeSpan _runTime = TimeSpan.FromSeconds(8);

    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WaitForEnd_FrontierAnswersAfterTheResponseTimeout_FlowCompletesWithEveryRecord()
    {
        var written = new List<int>();
        var stalled = 0;
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.InitializeClientOnDeploy = true;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddDataflow();
            silo.Services.AddSingleton<IFlowSourceLoader>(new DoublingLoader(written));
            silo.AddIncomingGrainCallFilter(async call =>
            {
                if (call.Grain is IFrontierGrain && call.InterfaceMethod.Name == nameof(IFrontierGrain.WaitForEnd) && Interlocked.Increment(ref stalled) == 1)
                {
                    await Task.Delay(_stall);
                }

                await call.Invoke();
            });
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var flow = cluster.Client.GetGrain<IFlowGrain>("late");

        await flow.Submit(SubmittedFlows.Deployment("late")).WaitAsync(_noHang);
        var end = await SubmittedFlows.UntilEnded(flow, _noHang);

        Assert.True(Volatile.Read(ref stalled) > 1, "no wait on the frontier came after the stalled one");
        Assert.Null(end.Failure);
        Assert.Equal(ExecutionOutcome.Completed, end.Outcome);
        lock (written)
        {
            Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2), written.Order());
        }
    }

    /// <summary>0..99, spread over <see cref="_runTime"/>.</summary>
    private static IEnumerable<int> Slowly()
    {
        for (var i = 0; i < 100; i++)
        {
            Thread.Sleep(_runTime / 100);
            yield return i;
        }
    }

    /// <summary>Builds a flow that doubles 0..99, read slowly, into <c>written</c>.</summary>
    private sealed class DoublingLoader(List<int> written) : IFlowSourceLoader
    {
        public LoadedFlow Load(FlowDeployment deployment)
        {
            var flow = new Dataflow("late");
            flow.Input("numbers", new TestingSource<int>(Slowly()))
                .Map("double", x => x * 2)
                .Output("out", new TestingSink<int>(written));
            var settings = deployment.Settings;
            return new LoadedFlow(flow, new ExecutionOptions { WorkerCount = settings.PartitionCount, EpochInterval = settings.EpochInterval });
        }
    }
}

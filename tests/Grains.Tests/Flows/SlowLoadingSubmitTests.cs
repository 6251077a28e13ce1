using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Hosting;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Testing;
using Orleans.TestingHost;

namespace Orleans.Dataflow.Grains.Tests.Flows;

/// <summary>A submit waits for the flow's code to load on every silo that runs it, even when loading takes longer than the cluster's response timeout: a compile on a busy silo is slow, not failed; and the flow answers for its record meanwhile.</summary>
public sealed class SlowLoadingSubmitTests
{
    private static readonly TimeSpan _responseTimeout = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan _loadTime = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Submit_CodeThatLoadsSlowerThanTheResponseTimeoutOnEachSilo_IsDeployedAndRunsToItsEnd()
    {
        var written = new List<int>();
        var loader = new SlowLoader(written);
        await using var cluster = await Deploy(loader);
        var flow = cluster.Client.GetGrain<IFlowGrain>("slow");

        await flow.Submit(SubmittedFlows.Deployment("slow")).WaitAsync(_noHang);
        var end = await SubmittedFlows.UntilEnded(flow, _noHang);

        Assert.Equal(ExecutionOutcome.Completed, end.Outcome);
        Assert.Null(end.Failure);
        // Both silos loaded the code: the partitions are spread over them, so the frontier waited for the other one's load too.
        Assert.Equal(2, loader.Loads);
        lock (written)
        {
            Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2), written.Order());
        }
    }

    [Fact]
    public async Task Describe_WhileASubmitWaitsForItsCodeToLoad_AnswersWithinTheResponseTimeout()
    {
        await using var cluster = await Deploy(new SlowLoader([]));
        var flow = cluster.Client.GetGrain<IFlowGrain>("described");

        // Activated and its calls compiled before the submit, so the calls timed below wait for the submit alone,
        // not for a first activation on a busy test machine.
        await Activated(flow);
        var submit = flow.Submit(SubmittedFlows.Deployment("described"));
        var answeredDuringTheSubmit = 0;
        var deadline = DateTime.UtcNow + _noHang;
        while (!submit.IsCompleted && DateTime.UtcNow < deadline)
        {
            await flow.Describe();
            answeredDuringTheSubmit += submit.IsCompleted ? 0 : 1;
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        await submit.WaitAsync(_noHang);
        var described = await flow.Describe();

        Assert.True(answeredDuringTheSubmit > 3, $"only {answeredDuringTheSubmit} descriptions were answered during a submit of two 3 s loads");
        Assert.Equal("slow", described.Deployment?.Definition.FlowId);
    }

    [Fact]
    public async Task Stop_WhileASubmitWaitsForItsCodeToLoad_AnswersWithinTheResponseTimeoutAndStopsTheFlowOnceItRuns()
    {
        var written = new List<int>();
        await using var cluster = await Deploy(new SlowLoader(written, endless: true));
        var flow = cluster.Client.GetGrain<IFlowGrain>("stopped");

        var submit = flow.Submit(SubmittedFlows.Deployment("stopped"));
        await Task.Delay(_responseTimeout);
        var stopping = await flow.Stop().WaitAsync(_noHang);
        var stoppedBeforeTheSubmitEnded = !submit.IsCompleted;
        await submit.WaitAsync(_noHang);
        var end = await SubmittedFlows.UntilEnded(flow, _noHang);
        var described = await flow.Describe();

        Assert.True(stoppedBeforeTheSubmitEnded, "the stop waited for the submit");
        Assert.True(stopping, "the stop during the submit said it stopped nothing");
        Assert.Equal(ExecutionOutcome.Stopped, end.Outcome);
        Assert.Null(end.Failure);
        Assert.Equal(FlowDesiredState.Stopped, described.DesiredState);
    }

    [Fact]
    public async Task Stop_WhileAResumeWaitsForItsCodeToLoad_StopsTheNewExecutionOnceItRuns()
    {
        await using var cluster = await Deploy(new SlowLoader([], endless: true));
        var flow = cluster.Client.GetGrain<IFlowGrain>("resumed");
        await flow.Submit(SubmittedFlows.Deployment("resumed")).WaitAsync(_noHang);
        await flow.Stop().WaitAsync(_noHang);
        var first = await SubmittedFlows.UntilEnded(flow, _noHang);
        var firstExecution = (await flow.Describe()).Deployment?.ExecutionId;

        var resume = flow.Resume();
        await Task.Delay(_responseTimeout);
        var stopping = await flow.Stop().WaitAsync(_noHang);
        var stoppedBeforeTheResumeEnded = !resume.IsCompleted;
        await resume.WaitAsync(_noHang);
        var second = await SubmittedFlows.UntilEnded(flow, _noHang);
        var described = await flow.Describe();
        var stoppingOnceEnded = await flow.Stop().WaitAsync(_noHang);

        Assert.Equal(ExecutionOutcome.Stopped, first.Outcome);
        Assert.True(stoppedBeforeTheResumeEnded, "the stop waited for the resume");
        Assert.True(stopping, "the stop during the resume said it stopped nothing, though the previous execution's end was on record");
        Assert.False(stoppingOnceEnded, "the stop of the ended flow said it stopped something");
        Assert.NotEqual(firstExecution, described.Deployment?.ExecutionId);
        Assert.Equal(ExecutionOutcome.Stopped, second.Outcome);
        Assert.Equal(FlowDesiredState.Stopped, described.DesiredState);
    }

    /// <summary>A cluster of two silos whose calls time out after <see cref="_responseTimeout"/>, loading submitted code with <paramref name="loader"/>.</summary>
    private static async Task<InProcessTestCluster> Deploy(SlowLoader loader)
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.InitializeClientOnDeploy = true;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddDataflow();
            silo.Services.AddSingleton<IFlowSourceLoader>(loader);
            silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = _responseTimeout);
        });
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = _responseTimeout));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Numbers from 0 up, one a millisecond, never ending.</summary>
    private static IEnumerable<int> Endless()
    {
        for (var i = 0; ; i++)
        {
            Thread.Sleep(1);
            yield return i;
        }
    }

    /// <summary>Takes <see cref="_loadTime"/> to load, as a compile on a busy silo does, then builds a flow that doubles 0..99 (or, when <paramref name="endless"/>, numbers without end) into <c>written</c>.</summary>
    private sealed class SlowLoader(List<int> written, bool endless = false) : IFlowSourceLoader
    {
        private int _loads;

        /// <summary>How many times a silo loaded the code.</summary>
        public int Loads => Volatile.Read(ref _loads);

        public LoadedFlow Load(FlowDeployment deployment)
        {
            Interlocked.Increment(ref _loads);
            Thread.Sleep(_loadTime);
            var flow = new Dataflow("slow");
            flow.Input("numbers", new TestingSource<int>(endless ? Endless() : Enumerable.Range(0, 100)))
                .Map("double", x => x * 2)
                .Output("out", new TestingSink<int>(written));
            var settings = deployment.Settings;
            return new LoadedFlow(flow, new ExecutionOptions { WorkerCount = settings.PartitionCount, EpochInterval = settings.EpochInterval });
        }
    }

    /// <summary>Waits until <paramref name="flow"/> answers a description: its first activation may outlast the short response timeout.</summary>
    private static async Task Activated(IFlowGrain flow)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await flow.Describe();
                return;
            }
            catch (TimeoutException) when (attempt < 10)
            {
            }
        }
    }
}

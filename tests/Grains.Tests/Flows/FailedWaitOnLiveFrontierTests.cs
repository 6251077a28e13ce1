using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Runtime.Messaging;

namespace Orleans.Dataflow.Grains.Tests.Flows;

/// <summary>A wait on a frontier's end that fails as a call to a lost silo fails (the connection broke) while the frontier runs on: the flow grain asks the frontier whether it runs before it takes it for lost, so the flow runs on instead of failing (no store) or being restarted; and a restart that finds the frontier running is neither counted nor traced.</summary>
public sealed class FailedWaitOnLiveFrontierTests
{
    /// <summary>How long the flow runs: several waits on the frontier come while it does.</summary>
    private static readonly TimeSpan _runTime = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WaitForEnd_OneWaitOnALiveFrontierFailsOnTheConnection_FlowCompletesWithEveryRecord_AndTheFrontierIsNeverRestarted()
    {
        var written = new List<int>();
        var failed = 0;
        await using var cluster = await SubmittedFlows.OneSilo(new BuiltFlowLoader(() => SubmittedFlows.SlowDoubling("broken-wait", written, _runTime)), silo =>
        {
            silo.AddIncomingGrainCallFilter(async call =>
            {
                if (call.Grain is IFrontierGrain && call.InterfaceMethod.Name == nameof(IFrontierGrain.WaitForEnd) && Interlocked.Increment(ref failed) == 1)
                {
                    throw new ConnectionFailedException("the connection to the frontier's silo broke (test)");
                }

                await call.Invoke();
            });
        });
        var flow = cluster.Client.GetGrain<IFlowGrain>("broken-wait");

        await flow.Submit(SubmittedFlows.Deployment("broken-wait")).WaitAsync(_noHang);
        var end = await SubmittedFlows.UntilEnded(flow, _noHang);

        Assert.True(Volatile.Read(ref failed) > 1, "no wait on the frontier came after the failed one");
        Assert.True(end.Outcome == ExecutionOutcome.Completed, end.Failure?.Message);
        Assert.Equal(0, (await flow.Describe()).FrontierRestarts);
        lock (written)
        {
            Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2), written.Order());
        }
    }

    [Fact]
    public async Task RestartFrontier_WaitAndStatusFailOnTheConnectionWhileTheFrontierRuns_FindsItRunning_NoRestartCountedOrTraced()
    {
        var written = new List<int>();
        var failedWaits = 0;
        var failedStatus = 0;
        var starts = 0;
        var store = new InMemoryRecoveryStore();
        using var restarts = new RestartSpans("found-running");
        var loader = new BuiltFlowLoader(() => SubmittedFlows.SlowDoubling("found-running", written, _runTime), options => options with { Recovery = store });
        await using var cluster = await SubmittedFlows.OneSilo(loader, silo =>
        {
            silo.AddIncomingGrainCallFilter(async call =>
            {
                if (call.Grain is IFrontierGrain && call.InterfaceMethod.Name == nameof(IFrontierGrain.Start))
                {
                    Interlocked.Increment(ref starts);
                }

                // The wait fails, and so does the status asked right after it: the flow grain takes the frontier for lost.
                if (call.Grain is IFrontierGrain
                    && ((call.InterfaceMethod.Name == nameof(IFrontierGrain.WaitForEnd) && Interlocked.Increment(ref failedWaits) == 1)
                        || (call.InterfaceMethod.Name == nameof(IFrontierGrain.Status) && Volatile.Read(ref failedWaits) > 0 && Interlocked.Increment(ref failedStatus) == 1)))
                {
                    throw new ConnectionFailedException("the connection to the frontier's silo broke (test)");
                }

                await call.Invoke();
            });
        });
        var flow = cluster.Client.GetGrain<IFlowGrain>("found-running");

        await flow.Submit(SubmittedFlows.RecoverableDeployment("found-running")).WaitAsync(_noHang);
        var end = await SubmittedFlows.UntilEnded(flow, _noHang);

        Assert.Equal(2, Volatile.Read(ref starts));
        Assert.True(end.Outcome == ExecutionOutcome.Completed, end.Failure?.Message);
        Assert.Equal(0, (await flow.Describe()).FrontierRestarts);
        Assert.Empty(restarts.Ended);
        lock (written)
        {
            Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2), written.Order());
        }
    }
}

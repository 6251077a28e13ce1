using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Tests.Support;

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
        await using var cluster = await SubmittedFlows.OneSilo(new BuiltFlowLoader(() => SubmittedFlows.SlowDoubling("late", written, _runTime)), silo =>
        {
            silo.AddIncomingGrainCallFilter(async call =>
            {
                if (call.Grain is IFrontierGrain && call.InterfaceMethod.Name == nameof(IFrontierGrain.WaitForEnd) && Interlocked.Increment(ref stalled) == 1)
                {
                    await Task.Delay(_stall);
                }

                await call.Invoke();
            });
        });
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
}

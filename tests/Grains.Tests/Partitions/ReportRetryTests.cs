using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Partitions;

/// <summary>A partition's report whose answer is lost (its call times out though the frontier applied it) is made again, applied once, and the partition goes on reporting: the run ends, with exact counts, where the partition once left unheard and its execution waited for it for good.</summary>
public sealed class ReportRetryTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Report_AnswerLostOnce_IsMadeAgainAndTheRunCompletesWithExactCounts()
    {
        var written = new List<int>();
        var lost = 0;
        await using var cluster = await SubmittedFlows.OneSilo(new BuiltFlowLoader(() => Numbers(written)), silo =>
        {
            silo.AddOutgoingGrainCallFilter(async call =>
            {
                // Read before the call: Orleans clears a request's arguments once it is sent.
                var reportsStatus = call.InterfaceMethod.Name == nameof(IFrontierGrain.Report) && call.Request.GetArgument(4) is not null;
                await call.Invoke();
                if (reportsStatus && Interlocked.Increment(ref lost) == 1)
                {
                    throw new TimeoutException("the answer to this report was lost");
                }
            });
        });
        var flow = cluster.Client.GetGrain<IFlowGrain>("reported");

        await flow.Submit(SubmittedFlows.Deployment("reported")).WaitAsync(_noHang);
        var end = await SubmittedFlows.UntilEnded(flow, _noHang);
        var progress = (await flow.Describe()).Progress;

        Assert.True(Volatile.Read(ref lost) > 1, "no report came after the one whose answer was lost");
        Assert.Null(end.Failure);
        Assert.Equal(ExecutionOutcome.Completed, end.Outcome);
        Assert.Equal(100, progress?.RecordsIn);
        Assert.Equal(100, progress?.RecordsOut);
        lock (written)
        {
            Assert.Equal(Enumerable.Range(0, 100), written.Order());
        }
    }

    /// <summary>A flow that passes 0..99, read over about a second, into <paramref name="written"/>.</summary>
    private static Dataflow Numbers(List<int> written)
    {
        var flow = new Dataflow("reported");
        flow.Input("numbers", new TestingSource<int>(SubmittedFlows.Slowly(100, TimeSpan.FromMilliseconds(10))))
            .Output("out", new TestingSink<int>(written));
        return flow;
    }
}

using System.Globalization;
using Orleans.Dataflow.Grains.Coordination;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Flows;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Grains.Tests.Support;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Grains.Tests.Partitions;

/// <summary>A partition that leaves without its frontier hearing it (another activation of the frontier told it that it ran no such attempt) counts as lost once silent for <see cref="ExecutionOptions.SilentPartitionLimit"/>: with a store the execution resumes and ends, where it once waited for that partition for good.</summary>
public sealed class SilentPartitionTests
{
    private static readonly TimeSpan _noHang = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Frontier_APartitionGoesSilentInTheFirstAttempt_ResumesFromTheStoreAndEndsWithEveryRecord()
    {
        var written = new List<(string, long)>();
        string? firstAttempt = null;
        // One store for every load of the flow, so that its second attempt resumes from what the first committed.
        var store = new InMemoryRecoveryStore();
        var loader = new BuiltFlowLoader(() => Counts(written), options => options with { Recovery = store, SilentPartitionLimit = TimeSpan.FromSeconds(3) });
        await using var cluster = await SubmittedFlows.OneSilo(loader, silo =>
        {
            silo.AddOutgoingGrainCallFilter(async call =>
            {
                if (call.InterfaceMethod.Name == nameof(IFrontierGrain.Report))
                {
                    var (attempt, partition, sequence) = ((string)call.Request.GetArgument(0)!, (int)call.Request.GetArgument(1)!, (long)call.Request.GetArgument(2)!);
                    Interlocked.CompareExchange(ref firstAttempt, attempt, null);
                    if (attempt == firstAttempt && partition == 1 && sequence >= 3)
                    {
                        throw new InvalidOperationException("this activation of the frontier runs no such attempt");
                    }
                }

                await call.Invoke();
            });
        });
        var flow = cluster.Client.GetGrain<IFlowGrain>("silent");

        await flow.Submit(SubmittedFlows.Deployment("silent")).WaitAsync(_noHang);
        var end = await SubmittedFlows.UntilEnded(flow, _noHang);
        var progress = (await flow.Describe()).Progress;

        Assert.Null(end.Failure);
        Assert.Equal(ExecutionOutcome.Completed, end.Outcome);
        Assert.True(progress?.Attempts >= 2, $"the execution did not resume: {progress?.Attempts} attempts");
        lock (written)
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(k => (k.ToString(CultureInfo.InvariantCulture), 10L)), written.Distinct().Order());
        }
    }

    /// <summary>A flow that counts 0..99, read over about two seconds, by their last digit into <paramref name="written"/> (so both partitions hold keys).</summary>
    private static Dataflow Counts(List<(string, long)> written)
    {
        var flow = new Dataflow("silent");
        flow.Input("numbers", new TestingSource<int>(SubmittedFlows.Slowly(100, TimeSpan.FromMilliseconds(20))))
            .CountFinal("count", x => (x % 10).ToString(CultureInfo.InvariantCulture))
            .Output("out", new TestingSink<(string, long)>(written));
        return flow;
    }
}

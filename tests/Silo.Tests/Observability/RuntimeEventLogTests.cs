using Microsoft.Extensions.Logging;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Observability;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Silo.Tests.Observability;

/// <summary>A silo logs the life of a flow with the stable event ids of <see cref="DataflowEventIds"/>: started, store opened, epochs committed, ended or failed.</summary>
public sealed class RuntimeEventLogTests(ObservedSilo silo) : IClassFixture<ObservedSilo>
{
    [Fact]
    public async Task Events_ARunWithARecoveryStore_AreStartedStoreOpenedExecutionStartedEpochCommittedAndEnded()
    {
        var flow = new Dataflow("logged-run");
        flow.Input("numbers", new TestingSource<int>(Enumerable.Range(1, 20), batchSize: 5))
            .CountFinal("count", x => (x % 2).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Output("out", new TestingSink<(string, long)>([]));
        var store = new InMemoryRecoveryStore();

        await silo.RunAsync(flow, new ExecutionOptions { Recovery = store, EpochInterval = TimeSpan.Zero });

        var logged = silo.Logs.Mentioning("'logged-run");
        var ids = logged.Select(entry => entry.EventId.Id).Distinct().Order().ToList();
        Assert.Equal(
            [DataflowEventIds.FlowStarted, DataflowEventIds.FlowEnded, DataflowEventIds.ExecutionStarted, DataflowEventIds.EpochCommitted, DataflowEventIds.RecoveryStoreOpened],
            ids);
        Assert.All(logged.Where(entry => entry.EventId.Id == DataflowEventIds.EpochCommitted), entry => Assert.Equal(LogLevel.Debug, entry.Level));
        Assert.Equal(LogLevel.Information, Assert.Single(logged, entry => entry.EventId.Id == DataflowEventIds.FlowEnded).Level);
    }

    [Fact]
    public async Task Events_AFlowWhoseCodeThrows_EndWithFlowFailedAtErrorLevelNamingTheStep()
    {
        var flow = new Dataflow("failing-logged");
        flow.Input("numbers", new TestingSource<int>(Enumerable.Range(1, 10)))
            .Map("boom", x => x == 5 ? throw new InvalidOperationException("five") : x)
            .Output("out", new TestingSink<int>([]));

        await Assert.ThrowsAsync<DataflowException>(() => silo.RunAsync(flow, new ExecutionOptions()));

        var failed = Assert.Single(silo.Logs.Mentioning("'failing-logged"), entry => entry.EventId.Id == DataflowEventIds.FlowFailed);
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Contains("boom", failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(silo.Logs.Mentioning("'failing-logged"), entry => entry.EventId.Id == DataflowEventIds.FlowEnded);
    }

    [Fact]
    public async Task Events_AStepBlockedPastTheStallBound_LogExecutionStalledSayingWhereThePartitionIsThenTheRunEnds()
    {
        using var blocked = new ManualResetEventSlim();
        var written = new List<int>();
        var flow = new Dataflow("stalled-logged");
        flow.Input("numbers", new TestingSource<int>(Enumerable.Range(1, 10)))
            .Map("blocking", x =>
            {
                if (x == 5)
                {
                    blocked.Wait(TimeSpan.FromMinutes(1));
                }

                return x;
            })
            .Output("out", new TestingSink<int>(written));

        var run = silo.RunAsync(flow, new ExecutionOptions { EpochInterval = TimeSpan.FromMilliseconds(20), StallWarningAfter = TimeSpan.FromSeconds(1) });
        // The first warning may come before the partition's first report on a loaded machine; they repeat while it lasts.
        var stalled = await UntilLogged("'stalled-logged", DataflowEventIds.ExecutionStalled, "last report");
        blocked.Set();
        var result = await run;

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal(Enumerable.Range(1, 10), written.Order());
        Assert.Equal(LogLevel.Warning, stalled.Level);
        Assert.All(["has closed no epoch for", "partition 0 on silo ", " in, ", " out, ", "last report"],
            part => Assert.True(stalled.Message.Contains(part, StringComparison.Ordinal), $"'{part}' is not in: {stalled.Message}"));
    }

    /// <summary>The first entry with <paramref name="eventId"/> that mentions <paramref name="text"/> and <paramref name="also"/>, once logged (within a minute).</summary>
    private async Task<CapturedLog> UntilLogged(string text, int eventId, string also)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (silo.Logs.Mentioning(text).FirstOrDefault(entry => entry.EventId.Id == eventId && entry.Message.Contains(also, StringComparison.Ordinal)) is { } entry)
            {
                return entry;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no event {eventId} mentioning {text} and {also} within a minute");
    }
}

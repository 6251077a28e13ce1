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
}

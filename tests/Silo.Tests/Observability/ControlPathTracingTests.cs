using System.Collections.ObjectModel;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Orleans.Dataflow.Grains.Execution;
using Orleans.Dataflow.Grains.Observability;
using Orleans.Dataflow.Grains.Recovery;
using Orleans.Dataflow.Testing;

namespace Orleans.Dataflow.Silo.Tests.Observability;

/// <summary>The control path of a run is traced through the <c>Orleans.Dataflow</c> activity source, as an OpenTelemetry tracer provider exports it: deploy, start and each commit, tagged with the flow.</summary>
public sealed class ControlPathTracingTests(ObservedSilo silo) : IClassFixture<ObservedSilo>
{
    [Fact]
    public async Task Activities_ARunWithARecoveryStore_AreItsDeployStartAndCommits_TaggedWithFlowExecutionAndEpoch()
    {
        var exported = new ExportedActivities();
        using (Sdk.CreateTracerProviderBuilder().AddSource(DataflowActivities.SourceName).AddInMemoryExporter(exported).Build())
        {
            var flow = new Dataflow("traced");
            flow.Input("numbers", new TestingSource<int>(Enumerable.Range(1, 20), batchSize: 5))
                .CountFinal("count", x => (x % 2).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Output("out", new TestingSink<(string, long)>([]));
            var store = new InMemoryRecoveryStore();

            var result = await silo.RunAsync(flow, new ExecutionOptions { Recovery = store, EpochInterval = TimeSpan.Zero });

            Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        }

        var traced = exported.Of("traced");
        var deploy = Assert.Single(traced, a => a.OperationName == DataflowActivities.Deploy);
        var start = Assert.Single(traced, a => a.OperationName == DataflowActivities.Start);
        var commits = traced.Where(a => a.OperationName == DataflowActivities.Commit).ToList();
        Assert.StartsWith("traced#", deploy.GetTagItem(DataflowActivities.ExecutionTag) as string, StringComparison.Ordinal);
        Assert.Equal(deploy.GetTagItem(DataflowActivities.ExecutionTag), start.GetTagItem(DataflowActivities.ExecutionTag));
        Assert.Equal(1L, start.GetTagItem(DataflowActivities.EpochTag));
        Assert.NotEmpty(commits);
        Assert.All(commits, commit => Assert.IsType<long>(commit.GetTagItem(DataflowActivities.EpochTag)));
        Assert.DoesNotContain(traced, a => a.OperationName is DataflowActivities.Recover or DataflowActivities.Restart);
    }

    /// <summary>The activities an in-memory exporter received, kept under a lock: the exporter adds from the silo's threads while other tests run.</summary>
    private sealed class ExportedActivities : Collection<Activity>
    {
        private readonly Lock _lock = new();

        /// <summary>The activities tagged with <paramref name="flow"/>.</summary>
        public IReadOnlyList<Activity> Of(string flow)
        {
            lock (_lock)
            {
                return [.. Items.Where(a => a.GetTagItem(DataflowMeters.FlowTag) as string == flow)];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (_lock)
            {
                base.InsertItem(index, item);
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Orleans.Dataflow.Client;
using Orleans.Dataflow.Grains.Observability;
using Orleans.Dataflow.Silo.Tests.Service;
using Orleans.Dataflow.Silo.Tests.TestSupport;

namespace Orleans.Dataflow.Silo.Tests.Observability;

/// <summary>A submitted flow that fails and is started again by its flow grain shows it: a failure counted per execution, a restart counted with its reason, and the submit and the restart traced.</summary>
public sealed class RestartObservabilityTests
{
    private const string FailingScript = """
        var flow = new Dataflow("failing-restarted");
        flow.Input("in", new TestingSource<int>([1, 2, 3]))
            .Map("boom", x => x > 0 ? throw new InvalidOperationException("every record") : x)
            .Output("out", new TestingSink<int>(new List<int>()));
        flow
        """;

    [Fact]
    public async Task FailureRestart_ASubmittedFlowFailingEveryTimeWithOneRestartAllowed_CountsTwoFailuresAndOneRestart_AndTracesSubmitAndRestart()
    {
        using var dir = new TempDirectory();
        using var meters = new CollectedMeters("failing-restarted");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DataflowActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var service = await RunningService.StartAsync(Path.Combine(dir.Path, "data"));

        await service.Client.SubmitAsync("failing.csx", Encoding.UTF8.GetBytes(FailingScript), new SubmitOptions { Id = "restarting", MaxRestarts = 1 });
        var end = await service.Client.WaitAsync("restarting");

        Assert.NotNull(end.Failure);
        Assert.Equal([1.0, 1.0], meters.Values(DataflowMeters.FailuresName));
        var restart = Assert.Single(meters.Measurements, m => m.Instrument == DataflowMeters.RestartsName);
        Assert.Equal(DataflowMeters.FailureReason, restart.Tags[DataflowMeters.ReasonTag]);
        Assert.Contains(stopped, a => a.OperationName == DataflowActivities.Submit && a.GetTagItem(DataflowMeters.FlowTag) as string == "restarting");
        var traced = Assert.Single(stopped, a => a.OperationName == DataflowActivities.Restart && a.GetTagItem(DataflowMeters.FlowTag) as string == "failing-restarted");
        Assert.Equal(DataflowMeters.FailureReason, traced.GetTagItem(DataflowMeters.ReasonTag));
    }
}

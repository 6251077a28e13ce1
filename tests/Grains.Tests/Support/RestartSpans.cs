using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Dataflow.Grains.Observability;

namespace Orleans.Dataflow.Grains.Tests.Support;

/// <summary>Collects the <see cref="DataflowActivities.Restart"/> spans of one flow that end while it is not disposed.</summary>
internal sealed class RestartSpans : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    /// <summary>Starts listening for the restart spans of the flow tagged <paramref name="flow"/>.</summary>
    public RestartSpans(string flow)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DataflowActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == DataflowActivities.Restart && activity.GetTagItem(DataflowMeters.FlowTag) as string == flow)
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The flow's restart spans that ended so far.</summary>
    public IReadOnlyCollection<Activity> Ended => _stopped;

    public void Dispose() => _listener.Dispose();
}

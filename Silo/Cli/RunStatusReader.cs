using System.Diagnostics.Metrics;
using Orleans.Dataflow.Grains.Observability;
using Orleans.Dataflow.Plan;

namespace Orleans.Dataflow.Silo.Cli;

/// <summary>Reads a running flow's <see cref="RunStatus"/> from the engine's meter in this process, with a <see cref="MeterListener"/>: no grain call at all.</summary>
/// <remarks>
/// The status line must not ask the flow's grains: <c>ClusterExecution</c> waits on the flow grain's end with a
/// response timeout, and a poll of the same grain each second made that wait time out on a loaded machine. The
/// partitions' observable instruments instead read the counts their workers keep per batch, only when
/// <see cref="Read"/> collects them. Measurements of other flows (the tag <see cref="DataflowMeters.FlowTag"/>) are
/// left out. Thread-safe; dispose to stop listening.
/// </remarks>
internal sealed class RunStatusReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly string _flow;
    private readonly HashSet<string> _inputs;
    private readonly HashSet<string> _outputs;
    private long _recordsIn;
    private long _recordsOut;
    private long? _epoch;
    private long? _committed;

    /// <summary>Starts listening to the instruments that count <paramref name="flow"/>'s records and epochs.</summary>
    public RunStatusReader(Dataflow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        _flow = flow.Id;
        _inputs = flow.Steps.Where(step => step is IInputStep).Select(step => step.Id).ToHashSet(StringComparer.Ordinal);
        _outputs = flow.Steps.Where(step => step is IOutputStep).Select(step => step.Id).ToHashSet(StringComparer.Ordinal);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DataflowMeters.MeterName
                && instrument.Name is PartitionMeters.RecordsOutName or PartitionMeters.EpochName or DataflowMeters.CommittedEpochName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(Measured);
        _listener.Start();
    }

    /// <summary>Collects the flow's counts now: the instruments read the workers' fields racily, so a count is at most one batch behind.</summary>
    public RunStatus Read()
    {
        lock (_gate)
        {
            (_recordsIn, _recordsOut, _epoch, _committed) = (0, 0, null, null);
            // Every instrument listened to is observable: their measurements arrive here, on this thread, before this returns.
            _listener.RecordObservableInstruments();
            return new RunStatus(_recordsIn, _recordsOut, _epoch, _committed);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _listener.Dispose();

    private void Measured(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? flow = null;
        string? step = null;
        foreach (var tag in tags)
        {
            if (tag.Key == DataflowMeters.FlowTag)
            {
                flow = tag.Value as string;
            }
            else if (tag.Key == DataflowMeters.StepTag)
            {
                step = tag.Value as string;
            }
        }

        if (flow != _flow)
        {
            return;
        }

        switch (instrument.Name)
        {
            case PartitionMeters.RecordsOutName when step is not null && _inputs.Contains(step):
                _recordsIn += value;
                break;
            case PartitionMeters.RecordsOutName when step is not null && _outputs.Contains(step):
                _recordsOut += value;
                break;
            case PartitionMeters.EpochName:
                _epoch = Math.Max(_epoch ?? value, value);
                break;
            case DataflowMeters.CommittedEpochName:
                _committed = Math.Max(_committed ?? value, value);
                break;
        }
    }
}

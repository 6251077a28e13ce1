using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.Dataflow.Grains.Observability;

namespace Orleans.Dataflow.Silo.Tests.Observability;

/// <summary>Listens to the engine's meter and keeps the measurements tagged with one flow, by instrument and step.</summary>
/// <remarks>Observable instruments report only when <see cref="Collect"/> is called: a test calls it from inside its flow, while the partitions run.</remarks>
public sealed class CollectedMeters : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _flow;
    private readonly ConcurrentQueue<CollectedMeasurement> _measurements = new();

    /// <summary>Starts listening for measurements tagged with <paramref name="flow"/>.</summary>
    public CollectedMeters(string flow)
    {
        _flow = flow;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DataflowMeters.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Every measurement kept so far.</summary>
    public IReadOnlyList<CollectedMeasurement> Measurements => [.. _measurements];

    /// <summary>Makes the observable instruments report now.</summary>
    public void Collect() => _listener.RecordObservableInstruments();

    /// <summary>The values of <paramref name="instrument"/> for <paramref name="step"/> (null: measurements without a step), in the order measured.</summary>
    public IReadOnlyList<double> Values(string instrument, string? step = null)
        => [.. _measurements.Where(m => m.Instrument == instrument && m.Tags.GetValueOrDefault(DataflowMeters.StepTag) as string == step).Select(m => m.Value)];

    public void Dispose() => _listener.Dispose();

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var kept = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            kept[tag.Key] = tag.Value;
        }

        if (kept.GetValueOrDefault(DataflowMeters.FlowTag) as string == _flow)
        {
            _measurements.Enqueue(new CollectedMeasurement(instrument.Name, value, kept));
        }
    }
}

/// <summary>One measurement of an instrument with its tags.</summary>
public sealed record CollectedMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

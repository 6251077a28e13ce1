using System.Diagnostics.Metrics;
using Orleans.Dataflow.Grains.Exchange;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>Counts the bytes of exchange batches serialized to leave a silo during a run, from the exchange's meter.</summary>
public static class ExchangeBytes
{
    /// <summary>Runs <paramref name="run"/> and returns its measurement with the bytes that crossed between silos meanwhile.</summary>
    public static RunMeasurement Count(Func<RunMeasurement> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        long bytes = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ExchangeMeters.MeterName && instrument.Name == ExchangeMeters.BytesSentName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref bytes, value));
        listener.Start();
        var measured = run();
        return measured with { TransportBytes = Interlocked.Read(ref bytes) };
    }
}

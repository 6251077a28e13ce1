using System.Diagnostics.Metrics;
using Orleans.Dataflow.Grains.Observability;

namespace Orleans.Dataflow.Benchmarks.Harness;

/// <summary>Runs a measurement while a <see cref="MeterListener"/> takes every measurement of the engine's and Orleans' meters and collects the observable ones every <see cref="CollectInterval"/>, as an exporter a Prometheus server scrapes would.</summary>
public static class MetricsListening
{
    /// <summary>How often the observable instruments are collected: a short scrape interval, so that the cost shows.</summary>
    public static readonly TimeSpan CollectInterval = TimeSpan.FromSeconds(1);

    /// <summary>The meters listened to: the engine's, and Orleans' own (which a silo's <c>/metrics</c> serves too).</summary>
    private static readonly string[] _meters = [DataflowMeters.MeterName, "Microsoft.Orleans"];

    /// <summary>Runs <paramref name="run"/> with the listener on, and returns its measurement.</summary>
    public static RunMeasurement Measure(Func<RunMeasurement> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        long measurements = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (_meters.Contains(instrument.Meter.Name))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref measurements));
        listener.SetMeasurementEventCallback<int>((_, _, _, _) => Interlocked.Increment(ref measurements));
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref measurements));
        listener.Start();
        using var collect = new Timer(_ => listener.RecordObservableInstruments(), null, CollectInterval, CollectInterval);
        return run();
    }
}

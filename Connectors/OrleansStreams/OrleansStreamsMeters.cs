using System.Diagnostics.Metrics;
using Orleans.Dataflow.Grains.Exchange;

namespace Orleans.Dataflow.OrleansStreams;

/// <summary>The Orleans streams connectors' instruments (meter <c>Orleans.Dataflow</c>): counted per batch or delivery, never per record.</summary>
public static class OrleansStreamsMeters
{
    /// <summary>The name of <see cref="SinkRetries"/>, for listeners (which hear of an instrument while it is being created).</summary>
    public const string SinkRetriesName = "dataflow.orleans_streams.sink_retries";

    /// <summary>The name of <see cref="DeliveriesRefused"/>, for listeners.</summary>
    public const string DeliveriesRefusedName = "dataflow.orleans_streams.source_deliveries_refused";

    private static readonly Meter _meter = new(ExchangeMeters.MeterName);

    /// <summary>Batches an <see cref="OrleansStreamSink{T}"/> publishes again after the provider refused them (a full queue).</summary>
    public static Counter<long> SinkRetries { get; } = _meter.CreateCounter<long>(SinkRetriesName, "{batch}", "batches published again after the stream provider refused them");

    /// <summary>Deliveries an <see cref="OrleansStreamSource{T}"/> refused because its buffer stayed full, for the provider to deliver again.</summary>
    public static Counter<long> DeliveriesRefused { get; } = _meter.CreateCounter<long>(DeliveriesRefusedName, "{delivery}", "stream deliveries refused by a full source buffer");
}

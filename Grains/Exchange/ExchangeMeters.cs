using System.Diagnostics.Metrics;

namespace Orleans.Dataflow.Grains.Exchange;

/// <summary>The meters of the exchange between silos (meter <c>Orleans.Dataflow</c>): counted per batch, never per record.</summary>
public static class ExchangeMeters
{
    /// <summary>The name of the meter the engine's instruments belong to.</summary>
    public const string MeterName = "Orleans.Dataflow";

    /// <summary>The name of <see cref="BytesSent"/>, for listeners (which hear of an instrument while it is being created).</summary>
    public const string BytesSentName = "dataflow.exchange.bytes_sent";

    private static readonly Meter _meter = new(MeterName);

    /// <summary>Bytes of exchange batches written to leave a silo (header and records).</summary>
    public static Counter<long> BytesSent { get; } = _meter.CreateCounter<long>(BytesSentName, "By", "bytes of exchange batches serialized to leave a silo");

    /// <summary>Exchange batches written to leave a silo.</summary>
    public static Counter<long> BatchesSent { get; } = _meter.CreateCounter<long>("dataflow.exchange.batches_sent", "{batch}", "exchange batches serialized to leave a silo");
}

using System.Buffers;
using Orleans.Dataflow.Grains.Cluster;

namespace Orleans.Dataflow.Silo.Cluster;

/// <summary>The payload of an event frame: a <see cref="CoordinationEvent"/>'s kind, worker, epochs and message.</summary>
internal static class CoordinationEventFormat
{
    public static void Write(PayloadWriter writer, CoordinationEvent e)
    {
        writer.Byte((byte)e.Kind);
        writer.Int32(e.Worker);
        writer.Int64(e.Epoch);
        writer.Int64(e.LastEpoch);
        writer.String(e.Message);
    }

    public static CoordinationEvent Read(ReadOnlySequence<byte> payload)
    {
        var reader = new PayloadReader(payload);
        return new CoordinationEvent((CoordinationEventKind)reader.Byte(), reader.Int32(), reader.Int64(), reader.Int64(), reader.String());
    }
}

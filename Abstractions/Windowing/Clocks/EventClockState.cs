using System.Buffers.Binary;
using Orleans.Dataflow.Serialization;

namespace Orleans.Dataflow.Windowing;

/// <summary>The snapshot of one key's event clock: the watermark it last jumped to and the system time of that jump.</summary>
/// <remarks>Format: the UTC ticks of the system time, then of the watermark base, each 8 bytes little-endian.</remarks>
internal readonly record struct EventClockState(DateTimeOffset SystemTimeOfMax, DateTimeOffset WatermarkBase)
{
    public const int Size = 16;

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, SystemTimeOfMax.UtcTicks);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), WatermarkBase.UtcTicks);
        return bytes;
    }

    public static EventClockState Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new SerdeException($"an event clock snapshot is {Size} bytes; got {bytes.Length}");
        }

        return new EventClockState(
            TimeMath.Utc(BinaryPrimitives.ReadInt64LittleEndian(bytes)),
            TimeMath.Utc(BinaryPrimitives.ReadInt64LittleEndian(bytes[8..])));
    }
}
